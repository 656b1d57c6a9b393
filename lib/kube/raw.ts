import 'server-only';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { pooledAgent } from './agents';
import type { KubeClients } from './clients';
import { KUBE_TIMEOUT_MS } from './clients';

export interface RawResponse {
  status: number;
  body: unknown;
  durationMs: number;
}

/**
 * A GET of an arbitrary API path as the clients' identity, returning the API server's answer
 * whatever its status (try-it shows 403 and 401 as results, not as failures). Connection
 * failures still throw.
 */
export async function rawGet(
  clients: KubeClients,
  path: string,
  timeoutMs = KUBE_TIMEOUT_MS,
  /** The JWKS path answers only `application/jwk-set+json` (406 otherwise). */
  accept = 'application/json',
): Promise<RawResponse> {
  const url = new URL(path, clients.server);
  const opts: import('node:https').RequestOptions = {
    method: 'GET',
    headers: { Accept: accept },
  };
  await clients.kc.applyToHTTPSOptions(opts);
  if (opts.agent) opts.agent = pooledAgent(opts.agent);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : request;
    const req = send(url, { ...opts, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body, durationMs: performance.now() - started });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end();
  });
}
