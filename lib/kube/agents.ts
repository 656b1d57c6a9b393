import 'server-only';
import { createHash } from 'node:crypto';
import { Agent, type AgentOptions } from 'node:https';

/**
 * client-node 1.4 builds a new `https.Agent` for every request, so every call to the API server
 * pays a TLS handshake. This swaps that throwaway agent for a keep-alive one shared by every
 * request with the same TLS settings (CA, client certificate, server name, verification).
 * Sharing is safe across identities: a bearer token travels in each request's own header and the
 * API server authenticates every request; a client certificate is part of the key, so a
 * connection made with one is never lent to another identity.
 */
const pools = new Map<string, Agent>();
/** More distinct TLS settings than this means kubeconfigs were swapped many times: drop the oldest. */
const MAX_POOLS = 32;

/** Options that shape the pool itself rather than the TLS session; every other option is part of the key. */
const POOL_OPTIONS = new Set(['keepAlive', 'keepAliveMsecs', 'timeout', 'maxSockets', 'maxFreeSockets', 'scheduling']);

function feed(hash: ReturnType<typeof createHash>, value: unknown): void {
  if (value === undefined) hash.update('\0u');
  else if (Buffer.isBuffer(value)) hash.update('\0b').update(value);
  else if (Array.isArray(value)) {
    hash.update('\0[');
    for (const item of value) feed(hash, item);
    hash.update('\0]');
  } else if (typeof value === 'object' && value !== null) hash.update(`\0o${JSON.stringify(value)}`);
  else hash.update(`\0${typeof value}${String(value)}`);
}

/** A digest of every TLS-relevant option client-node set (CA, client certificate, key, ciphers, …). */
function fingerprint(options: AgentOptions): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(options).sort()) {
    if (POOL_OPTIONS.has(key)) continue;
    hash.update(`\0k${key}`);
    feed(hash, (options as Record<string, unknown>)[key]);
  }
  return hash.digest('base64url');
}

/**
 * The pooled keep-alive agent for the TLS settings of `fresh` (an agent client-node just built), or
 * `fresh` itself when it is not a plain `https.Agent` (an HTTP or proxy agent keeps its own logic).
 */
export function pooledAgent<T>(fresh: T): T | Agent {
  if (!(fresh instanceof Agent) || fresh.constructor !== Agent) return fresh;
  const options = (fresh as Agent & { options: AgentOptions }).options;
  const key = fingerprint(options);
  const known = pools.get(key);
  if (known) {
    // Most recently used last, so the oldest entry is the least recently used one.
    pools.delete(key);
    pools.set(key, known);
    return known;
  }
  const agent = new Agent({
    ...options,
    keepAlive: true,
    // Idle sockets close well before the API server's own idle timeout (90 s), so a request never
    // lands on a connection the server is closing.
    timeout: 30_000,
    maxFreeSockets: 16,
    scheduling: 'lifo',
  });
  pools.set(key, agent);
  if (pools.size > MAX_POOLS) {
    // Only forgotten, not destroyed: requests in flight on it finish, and its idle sockets close
    // on their own timeout.
    const oldestKey = pools.keys().next().value;
    if (oldestKey !== undefined) pools.delete(oldestKey);
  }
  return agent;
}

/** The pooled agents (tests look at their sockets to see connections reused). */
export function pooledAgents(): Agent[] {
  return [...pools.values()];
}
