import 'server-only';
import { CLUSTER_HEADER, NO_CLUSTER } from '@/lib/contracts/cluster-path';

// The page's cluster travels from proxy.ts to the page in CLUSTER_HEADER. A client could send that
// header too, so the proxy adds a proof next to it: a random value made once per server process and
// never sent to a browser. Only a header that comes with the proof was set by the proxy: the proxy
// itself relies on that when Next runs it again on the path it rewrote (`next start` 16.4 does), and
// the page relies on it if a request ever reached it without the proxy (middleware is not a wall).
// Shared through globalThis: proxy.ts and the pages are separate bundles in one process.

/** The request header holding the proof (a request header only; never on a response). */
export const CLUSTER_PROOF_HEADER = 'x-tokenscope-cluster-proof';

const key = Symbol.for('tokenscope.cluster-header-proof');

/** This process's proof value. */
export function clusterHeaderProof(): string {
  const g = globalThis as { [key]?: string };
  g[key] ??= crypto.randomUUID();
  return g[key];
}

/** Equal strings, compared in time independent of where they differ. */
function same(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The cluster the proxy put on this request: the URL form, NO_CLUSTER for an unprefixed page, or
 * null when the header did not come from the proxy (absent, or sent by a client without the proof).
 */
export function provenClusterHeader(h: Headers): string | null {
  const proof = h.get(CLUSTER_PROOF_HEADER);
  const value = h.get(CLUSTER_HEADER);
  if (proof === null || value === null || !same(proof, clusterHeaderProof())) return null;
  return value === NO_CLUSTER ? NO_CLUSTER : value;
}
