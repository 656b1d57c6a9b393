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

type OptionValue = AgentOptions[keyof AgentOptions];

function fingerprint(options: AgentOptions): string {
  const hash = createHash('sha256');
  const parts: OptionValue[] = [
    options.ca,
    options.cert,
    options.key,
    options.pfx,
    options.passphrase,
    options.servername,
    options.rejectUnauthorized,
  ];
  for (const part of parts) {
    const list = Array.isArray(part) ? part : [part];
    for (const item of list) {
      if (item === undefined) hash.update('\0u');
      else if (Buffer.isBuffer(item)) hash.update('\0b').update(item);
      else hash.update(`\0s${typeof item === 'object' ? JSON.stringify(item) : String(item)}`);
    }
    hash.update('\0|');
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
  if (known) return known;
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
    const [oldestKey, oldest] = pools.entries().next().value ?? [];
    if (oldestKey !== undefined) pools.delete(oldestKey);
    oldest?.destroy();
  }
  return agent;
}

/** The pooled agents (tests look at their sockets to see connections reused). */
export function pooledAgents(): Agent[] {
  return [...pools.values()];
}
