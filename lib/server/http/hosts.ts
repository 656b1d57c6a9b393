import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';

// Who Tokenscope is, as configured — never as the request says. Any web page can reach a loopback
// server, and through DNS rebinding a page on `rebind.evil.example` becomes same-origin with it: its
// requests carry `Host: rebind.evil.example:3000` and a matching `Origin`. So a request is served only
// for a configured Host, and Origin is compared with the configured origins, never with Host
// (precedent: `kubectl proxy --accept-hosts`, dev servers' `allowedHosts`).

/**
 * Loopback names a browser sends only for a page it loaded from this machine: browsers resolve
 * `localhost` to loopback themselves, and an IP literal cannot be rebound.
 */
const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

/** The scheme Tokenscope itself serves: HTTPS when given a certificate and key. */
function ownScheme(): 'http' | 'https' {
  return env().tls ? 'https' : 'http';
}

/** `host:port` for each loopback name; the bare name too where the port is the scheme's default. */
function loopbackHosts(): string[] {
  const { port } = env();
  const bare = port === (ownScheme() === 'https' ? 443 : 80);
  return loopbackNames.flatMap((name) => (bare ? [name, `${name}:${port}`] : [`${name}:${port}`]));
}

/** The Host header values Tokenscope serves: loopback on its port, and each public URL's host. */
export function servedHosts(): string[] {
  return [...loopbackHosts(), ...env().publicOrigins.map((o) => new URL(o).host)];
}

/** The origins whose pages may send mutating requests: the loopback ones and the public URLs. */
export function servedOrigins(): string[] {
  const scheme = ownScheme();
  return [...loopbackHosts().map((h) => `${scheme}://${h}`), ...env().publicOrigins];
}

/** The AppError (`forbidden:host`, 421) for a Host Tokenscope does not serve, or null. */
export function hostRefusal(headers: Headers): AppError | null {
  const host = (headers.get('host') ?? '').toLowerCase();
  if (host !== '' && servedHosts().includes(host)) return null;
  return new AppError(
    'forbidden:host',
    `This Tokenscope does not serve the host name "${host.slice(0, 100)}". Open it at ${servedOrigins()[0]}, or list the URL you use in TOKENSCOPE_PUBLIC_URL.`,
  );
}

/**
 * Whether the browser reached Tokenscope over HTTPS: the server's own TLS, or — only when a
 * TLS-terminating proxy is declared with TOKENSCOPE_TRUST_PROXY — that proxy's X-Forwarded-Proto.
 * Otherwise the header is anyone's to send and is ignored.
 */
export function secureRequest(headers: Headers): boolean {
  const { tls, trustProxy } = env();
  if (tls) return true;
  if (!trustProxy) return false;
  return (headers.get('x-forwarded-proto') ?? '').split(',')[0]?.trim().toLowerCase() === 'https';
}
