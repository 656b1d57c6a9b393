#!/usr/bin/env node
// A client-go exec credential plugin for tests, as cloud CLIs are one (aws eks get-token,
// gke-gcloud-auth-plugin, kubelogin): prints an ExecCredential with the bearer token read from the
// file named by TOKENSCOPE_PLUGIN_TOKEN_FILE. `--fail` exits 1 with a message on stderr that quotes
// the token (a plugin's stderr must never reach the browser unredacted); `--hang` answers nothing for 20 s, then
// exits 1 (long past any check's time limit, short enough to leave no process behind a test run).
// JavaScript, not TypeScript: it is run as a program (Node 20 runs no .ts), through its shebang.
import { readFileSync } from 'node:fs';

const mode = process.argv[2];
const token = readFileSync(process.env.TOKENSCOPE_PLUGIN_TOKEN_FILE ?? '', 'utf8').trim();
if (mode === '--fail') {
  process.stderr.write(
    `error: your SSO session expired; the cached token ${token} is no longer valid\n  run: sso login\n`,
  );
  process.exit(1);
}
if (mode === '--hang') {
  setTimeout(() => process.exit(1), 20_000);
} else {
  process.stdout.write(
    JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token, expirationTimestamp: new Date(Date.now() + 10 * 60_000).toISOString() },
    }),
  );
}
