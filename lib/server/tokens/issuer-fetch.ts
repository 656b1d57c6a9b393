import 'server-only';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import { BlockList, isIP } from 'node:net';

// Server-side fetch of a public issuer's discovery document and JWKS, for the external verifier
// view. The user names the URL, so this is an SSRF surface; what bounds it:
// - only the route wrapper's checked callers reach it (session, Host/Origin, CSRF), never an
//   anonymous page, and the route is rate limited like try-it;
// - https only, no credentials in the URL, default TLS verification;
// - every address the name resolves to must be public: loopback, private, link-local (cloud
//   metadata at 169.254.169.254), CGNAT, multicast, reserved and documentation ranges are refused,
//   including IPv4-mapped and NAT64 forms. The check runs in the socket's own DNS lookup, so the
//   address connected to is the address checked (no DNS rebinding between check and connect);
// - a redirect is followed only to the same origin, at most MAX_REDIRECTS times;
// - MAX_BYTES of body and TIMEOUT_MS overall; the body must be JSON;
// - no cookies or Authorization header are sent.
// The configured cluster is reached through the kube client instead (lib/server/tokens/verify.ts).

export const MAX_BYTES = 256 * 1024;
export const TIMEOUT_MS = 5_000;
export const MAX_REDIRECTS = 2;

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIPv4(v6: string): string | undefined {
  const m = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(v6);
  if (m) return m[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(v6);
  if (!hex) return undefined;
  const hi = Number.parseInt(hex[1] ?? '0', 16);
  const lo = Number.parseInt(hex[2] ?? '0', 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Why an address may not be fetched (it is not a public unicast address), or undefined when it may. */
export function refusedAddress(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4)
    return blocked.check(address, 'ipv4')
      ? `${address} is a private, loopback, link-local or reserved address`
      : undefined;
  if (family === 6) {
    const v4 = embeddedIPv4(address);
    if (v4)
      return refusedAddress(v4)
        ? `${address} embeds ${v4}, a private, loopback, link-local or reserved address`
        : undefined;
    return blocked.check(address, 'ipv6')
      ? `${address} is a private, loopback, link-local or reserved address`
      : undefined;
  }
  return `${address} is not an IP address`;
}

export class IssuerFetchError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'IssuerFetchError';
  }
}

/** Why a URL may not be fetched at all (before any DNS), or undefined. */
export function refusedUrl(url: URL): string | undefined {
  if (url.protocol !== 'https:')
    return `${url.protocol.replace(':', '')} is refused: only https URLs are fetched.`;
  if (url.username || url.password) return 'URLs with credentials are refused.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const why = refusedAddress(host);
    if (why) return `${why}; Tokenscope fetches only public addresses.`;
  }
  if (/^localhost$|\.localhost$|\.local$|\.internal$/i.test(host))
    return `${host} is a local name; Tokenscope fetches only public addresses.`;
  return undefined;
}

/** A DNS lookup that fails when any answer is not public (net.connect calls it; IP literals skip it). */
function publicLookup(
  hostname: string,
  options: object,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as LookupAddress[];
    for (const a of list) {
      const why = refusedAddress(a.address);
      if (why)
        return callback(
          Object.assign(new Error(`${hostname} resolves to ${why}`), { code: 'EREFUSED_ADDRESS' }),
          '',
          0,
        );
    }
    if ((options as { all?: boolean }).all) return callback(null, list);
    const first = list[0];
    if (!first)
      return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
    callback(null, first.address, first.family);
  });
}

export interface FetchedJson {
  url: string;
  status: number;
  body: unknown;
  durationMs: number;
}

function getOnce(url: URL, deadline: number): Promise<{ status: number; location?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const remaining = deadline - performance.now();
    if (remaining <= 0) return reject(new IssuerFetchError(`No answer within ${TIMEOUT_MS / 1000} s.`));
    const req = request(
      url,
      {
        method: 'GET',
        headers: {
          Accept: 'application/json, application/jwk-set+json',
          'User-Agent': 'tokenscope-verifier',
        },
        lookup: publicLookup as never,
        timeout: remaining,
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          return resolve({ status, location: res.headers.location, text: '' });
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > MAX_BYTES) {
          res.destroy();
          return reject(
            new IssuerFetchError(`The answer is ${declared} bytes; at most ${MAX_BYTES} are read.`, status),
          );
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BYTES) {
            res.destroy();
            reject(new IssuerFetchError(`The answer is longer than ${MAX_BYTES} bytes; refused.`, status));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new IssuerFetchError(`No answer within ${TIMEOUT_MS / 1000} s.`)),
      remaining,
    );
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => req.destroy(new IssuerFetchError(`No answer within ${TIMEOUT_MS / 1000} s.`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof IssuerFetchError) return reject(err);
      if (err.code === 'EREFUSED_ADDRESS')
        return reject(new IssuerFetchError(`${err.message}; Tokenscope fetches only public addresses.`));
      if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
        return reject(new IssuerFetchError(`${url.hostname} does not resolve (${err.code}).`));
      reject(new IssuerFetchError(`${url.host} could not be reached: ${err.message}`));
    });
    req.end();
  });
}

/** GETs JSON from a public https URL within the bounds above. Throws IssuerFetchError with a plain reason. */
export async function fetchPublicJson(raw: string): Promise<FetchedJson> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new IssuerFetchError(`${raw} is not a URL.`);
  }
  const started = performance.now();
  const deadline = started + TIMEOUT_MS;
  for (let hop = 0; ; hop++) {
    const why = refusedUrl(url);
    if (why) throw new IssuerFetchError(why);
    const res = await getOnce(url, deadline);
    if (res.location !== undefined) {
      const next = new URL(res.location, url);
      if (next.origin !== url.origin) {
        throw new IssuerFetchError(
          `${url.href} redirects to another host (${next.origin}); Tokenscope follows redirects only on the same host.`,
          res.status,
        );
      }
      if (hop >= MAX_REDIRECTS)
        throw new IssuerFetchError(`More than ${MAX_REDIRECTS} redirects from ${raw}.`, res.status);
      url = next;
      continue;
    }
    if (res.status !== 200)
      throw new IssuerFetchError(`${url.href} answered HTTP ${res.status}.`, res.status);
    try {
      return {
        url: url.href,
        status: res.status,
        body: JSON.parse(res.text),
        durationMs: performance.now() - started,
      };
    } catch {
      throw new IssuerFetchError(`${url.href} did not answer JSON.`, res.status);
    }
  }
}
