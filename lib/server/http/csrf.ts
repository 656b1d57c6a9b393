/**
 * Cross-site request checks for mutating routes (Next.js gives route handlers none). A request
 * passes only if all hold: JSON body type, the custom header (a cross-site form cannot set it
 * without a CORS preflight, which we never grant), and — when the browser sends them — a
 * same-origin `Origin` and `Sec-Fetch-Site`. `Origin: null` (sandboxed frames) counts as cross-site.
 * `servedOrigins` are the configured ones (lib/server/http/hosts.ts), never derived from the Host header:
 * under DNS rebinding Host and Origin agree and both name the attacker's site.
 * Returns the reason for refusal, or null.
 */
export function csrfRefusal(headers: Headers, method: string, servedOrigins: readonly string[]): string | null {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return `cross-site request refused (Sec-Fetch-Site: ${fetchSite})`;
  }
  const origin = headers.get('origin');
  if (origin !== null && !servedOrigins.includes(origin)) {
    return `cross-site request refused (Origin: ${origin})`;
  }
  if (headers.get('x-tokenscope-request') !== '1') {
    return 'missing header X-Tokenscope-Request: 1';
  }
  const type = (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (method !== 'DELETE' && type !== 'application/json') {
    return 'Content-Type must be application/json';
  }
  if (method === 'DELETE' && type && type !== 'application/json') {
    return 'Content-Type must be application/json';
  }
  return null;
}
