// A small HTTPS client of the bench's own API server for bulk work (loading the growth worlds, the
// who-can peer's SubjectAccessReviews): keep-alive connections, JSON in and out, the admin token of
// the bench cluster's kubeconfig. Not Tokenscope's client (lib/kube); the bench's tool.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse } from 'yaml';

/** Server, CA and bearer token of a kubeconfig's current context (the local control plane writes one). */
export function credentialsOf(kubeconfigPath) {
  const kc = parse(readFileSync(kubeconfigPath, 'utf8'));
  const context =
    kc.contexts.find((c) => c.name === kc['current-context'])?.context ?? kc.contexts[0].context;
  const cluster = kc.clusters.find((c) => c.name === context.cluster).cluster;
  const user = kc.users.find((u) => u.name === context.user).user;
  const ca = cluster['certificate-authority-data']
    ? Buffer.from(cluster['certificate-authority-data'], 'base64')
    : readFileSync(cluster['certificate-authority']);
  if (!user.token) throw new Error(`${kubeconfigPath}: the bench needs a bearer token user`);
  return { server: cluster.server, ca, token: user.token };
}

const retryable = new Set([429, 500, 502, 503, 504]);

/**
 * A client with at most `maxSockets` connections. `call(method, path, body)` resolves to
 * { status, body } (body parsed as JSON when it is JSON); 429 and 5xx answers and reset connections
 * are retried up to 5 times with a short backoff, and counted in `retries`.
 */
export function kubeHttp({ server, ca, token }, { maxSockets = 32 } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets, ca });
  const base = new URL(server);
  const stats = { requests: 0, retries: 0 };
  const once = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        {
          agent,
          host: base.hostname,
          port: base.port || 443,
          method,
          path,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed = text;
            try {
              parsed = JSON.parse(text);
            } catch {}
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const call = async (method, path, body) => {
    stats.requests++;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await once(method, path, body);
        if (!retryable.has(res.status) || attempt >= 5) return res;
      } catch (err) {
        if (attempt >= 5 || !['ECONNRESET', 'EPIPE', 'ECONNREFUSED'].includes(err.code)) throw err;
      }
      stats.retries++;
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  };
  /** Every item of a list, in pages of `limit` (continue tokens), as kubectl and the dashboard page. */
  const listAll = async (path, limit = 500) => {
    const items = [];
    let token = '';
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await call(
        'GET',
        `${path}${sep}limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
      );
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      items.push(...res.body.items);
      token = res.body.metadata?.continue ?? '';
    } while (token);
    return items;
  };
  return { call, listAll, stats, close: () => agent.destroy() };
}

/** Runs `fn` over `items` with at most `limit` in flight; results in order. */
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
