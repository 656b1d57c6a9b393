// BFF overhead: the same call through Tokenscope's route and directly with client-node from this
// process, with the same credentials, interleaved in random order in one run.
import * as k8s from '@kubernetes/client-node';
import { paired, shuffle, summary } from './stats.mjs';

const api = { 'X-Tokenscope-Request': '1', 'Content-Type': 'application/json' };

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * A cookie-keeping client of the dashboard's HTTP API. The session cookie is set by the first
 * mutation (a read without a cookie runs on an ephemeral session and sets none), so it is taken
 * from whichever answer sets it.
 */
export async function dashboardSession(url) {
  let cookie = '';
  const call = async (method, path, body) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { ...api, ...(cookie ? { Cookie: cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = r.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    const json = await r.json();
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${json.detail ?? ''}`);
    return json;
  };
  return { call };
}

function kubeConfigFor(server, caFile, token) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, caFile }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

export async function seedPods(cluster, namespace, count) {
  const kc = kubeConfigFor(cluster.server, cluster.caFile, cluster.adminToken);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } }).catch(() => {});
  for (let i = 0; i < 100; i++) {
    const sas = await core.listNamespacedServiceAccount({ namespace });
    if (sas.items.some((s) => s.metadata?.name === 'default')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const existing = (await core.listNamespacedPod({ namespace })).items.length;
  const todo = Array.from({ length: Math.max(0, count - existing) }, (_, i) => i + existing);
  const workers = Array.from({ length: 8 }, async () => {
    while (todo.length) {
      const i = todo.shift();
      await core.createNamespacedPod({
        namespace,
        body: { metadata: { name: `bench-${i}` }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      });
    }
  });
  await Promise.all(workers);
  const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
  await core
    .createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'lister' } } })
    .catch(() => {});
  await rbac
    .createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'lister-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'lister', namespace }],
      },
    })
    .catch(() => {});
}

/** Runs both A/B pairs and returns figures. */
export async function measureBff({ cluster, url, namespace, iterations, warmup }) {
  const s = await dashboardSession(url);
  // Minting goes through a session of its own: a session's vault holds at most 200 tokens and drops
  // the oldest, which would otherwise be the held token the list calls use.
  const minting = await dashboardSession(url);
  const admin = kubeConfigFor(cluster.server, cluster.caFile, cluster.adminToken).makeApiClient(
    k8s.CoreV1Api,
  );
  const held = await s.call('POST', '/api/tokens', {
    namespace,
    serviceAccount: 'lister',
    expirationSeconds: 3600,
  });
  const { token } = await s.call('POST', `/api/tokens/${held.id}/reveal`);
  const asLister = kubeConfigFor(cluster.server, cluster.caFile, token).makeApiClient(k8s.CoreV1Api);

  const listBody = { verb: 'list', group: '', resource: 'pods', namespace };
  let listedItems = 0;
  const ops = {
    listViaBff: async () => {
      const r = await s.call('POST', `/api/tokens/${held.id}/requests`, listBody);
      if (r.status !== 200) throw new Error(`list via BFF: ${r.status}`);
      listedItems = r.itemCount;
    },
    listDirect: async () => {
      await asLister.listNamespacedPod({ namespace, limit: 500 });
    },
    mintViaBff: async () => {
      await minting.call('POST', '/api/tokens', {
        namespace,
        serviceAccount: 'lister',
        expirationSeconds: 600,
      });
    },
    mintDirect: async () => {
      await admin.createNamespacedServiceAccountToken({
        name: 'lister',
        namespace,
        body: { spec: { audiences: [], expirationSeconds: 600 } },
      });
    },
    // The floor of any BFF call: loopback HTTP into `next start` and the route wrapper, no Kubernetes.
    healthz: async () => {
      const r = await fetch(`${url}/api/healthz`);
      await r.text();
    },
  };
  const samples = Object.fromEntries(Object.keys(ops).map((k) => [k, []]));
  for (let i = 0; i < warmup + iterations; i++) {
    for (const name of shuffle(Object.keys(ops))) {
      const ms = await timed(ops[name]);
      if (i >= warmup) samples[name].push(ms);
    }
  }
  return {
    listedItems,
    list: {
      bff: summary(samples.listViaBff),
      direct: summary(samples.listDirect),
      overhead: paired(samples.listViaBff, samples.listDirect),
    },
    mint: {
      bff: summary(samples.mintViaBff),
      direct: summary(samples.mintDirect),
      overhead: paired(samples.mintViaBff, samples.mintDirect),
    },
    healthz: summary(samples.healthz),
  };
}
