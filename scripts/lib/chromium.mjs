// How Tokenscope launches Debian's Chromium (Playwright's own browser download is not used here):
// without the background-networking flags it tries to reach Google's hosts on every start.
export const chromiumPath = process.env.TOKENSCOPE_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
