// Whether Tokenscope may listen where it is asked to, and how (plain HTTP or its own TLS). Pure: the
// decision is unit-tested (serve-policy.test.ts); startNext acts on it.

export function isLoopback(host) {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

/** The origins listed in TOKENSCOPE_PUBLIC_URL (comma-separated), or the first entry that is not an http(s) URL. */
export function publicOrigins(value) {
  const origins = [];
  for (const entry of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    let url;
    try {
      url = new URL(entry);
    } catch {
      return { invalid: entry };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { invalid: entry };
    origins.push(url.origin);
  }
  return { origins };
}

/**
 * Decides how to serve on `host` with settings `env` (process.env merged with the caller's):
 * `{ tls: {cert, key} | null }`, or `{ refusal }` with a message that says what to set.
 * Beyond loopback a browser signs in with a bearer token, so the wire must be TLS: Tokenscope's own
 * (TOKENSCOPE_TLS_CERT + TOKENSCOPE_TLS_KEY) or a TLS-terminating proxy the operator vouches for
 * (TOKENSCOPE_TRUST_PROXY=1), and the names people use must be configured (TOKENSCOPE_PUBLIC_URL),
 * since every other Host is refused (DNS rebinding).
 */
export function servePolicy(host, env) {
  const cert = env.TOKENSCOPE_TLS_CERT || '';
  const key = env.TOKENSCOPE_TLS_KEY || '';
  if (Boolean(cert) !== Boolean(key)) {
    return { refusal: 'Set both TOKENSCOPE_TLS_CERT and TOKENSCOPE_TLS_KEY (PEM files) to serve HTTPS, or neither.' };
  }
  const tls = cert ? { cert, key } : null;
  const listed = publicOrigins(env.TOKENSCOPE_PUBLIC_URL);
  if (listed.invalid !== undefined) {
    return { refusal: `TOKENSCOPE_PUBLIC_URL: "${listed.invalid}" is not an http(s) URL (list the URLs people open, comma-separated, e.g. https://tokenscope.example.com).` };
  }
  if (isLoopback(host)) return { tls };
  if (env.TOKENSCOPE_MODE !== 'shared') {
    return {
      refusal:
        `Refusing to listen on ${host}: in local mode Tokenscope lends its cluster identity to its user, so it binds to loopback only. ` +
        'To serve several people, set TOKENSCOPE_MODE=shared: everyone then signs in with their own token.',
    };
  }
  const trustProxy = env.TOKENSCOPE_TRUST_PROXY === '1' || env.TOKENSCOPE_TRUST_PROXY === 'true';
  if (!tls && !trustProxy) {
    return {
      refusal:
        `Refusing to listen on ${host} over plain HTTP: signing in sends a bearer token, which must not cross the network in clear. ` +
        'Set TOKENSCOPE_TLS_CERT and TOKENSCOPE_TLS_KEY (PEM files) to serve HTTPS, or TOKENSCOPE_TRUST_PROXY=1 if a TLS-terminating proxy is in front.',
    };
  }
  if (listed.origins.length === 0) {
    return {
      refusal:
        `Refusing to listen on ${host} without TOKENSCOPE_PUBLIC_URL: set it to the https:// URL people open ` +
        '(comma-separated if several); requests for any other host name are refused.',
    };
  }
  const plain = listed.origins.find((o) => !o.startsWith('https:'));
  if (plain) return { refusal: `TOKENSCOPE_PUBLIC_URL: ${plain} is not https: beyond loopback, browsers must reach Tokenscope over TLS.` };
  return { tls };
}
