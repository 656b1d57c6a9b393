// Presenter mode is a UI preference: ?presenter=1|0 wins, else the cookie. The cookie holds no
// secret (a plain "1"), so it may be readable by scripts; no browser storage is used.

export const PRESENTER_COOKIE = 'tokenscope-presenter';

/** Whether presenter mode is on, from the query value and the cookie value. */
export function presenterFrom(query: string | null | undefined, cookie: string | null | undefined): boolean {
  if (query === '1' || query === 'true') return true;
  if (query === '0' || query === 'false') return false;
  return cookie === '1';
}

/** The Set-Cookie text the switch writes with document.cookie (a year, or removal). */
export function presenterCookie(on: boolean, secure: boolean): string {
  const life = on ? 'Max-Age=31536000' : 'Max-Age=0';
  return `${PRESENTER_COOKIE}=${on ? '1' : '0'}; Path=/; SameSite=Strict; ${life}${secure ? '; Secure' : ''}`;
}

/** The current URL with presenter=1 when on and without the parameter when off. */
export function presenterUrl(href: string, on: boolean): string {
  const url = new URL(href);
  if (on) url.searchParams.set('presenter', '1');
  else url.searchParams.delete('presenter');
  return `${url.pathname}${url.search}${url.hash}`;
}
