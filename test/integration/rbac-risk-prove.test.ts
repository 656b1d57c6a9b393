// Proof on demand (issue 14 §3): a chain of token mints walked with real TokenRequests against the
// real API server — the caller mints for A, A's token mints for B, B (cluster-admin-like) lists
// Secrets everywhere: a 200 on screen. Tokens stay in the vault; no response carries one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as prove from '@/app/api/rbac/risk/prove/route';
import type { ProofResult } from '@/lib/contracts/risk';
import { dashboardClients } from '@/lib/kube/clients';
import { subjectAccessReview } from '@/lib/kube/reviews';
import { serviceAccountUser } from '@/lib/rbac/identity';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { RouteClient } from '../support/routes';

const ns = `it-prove-${Date.now().toString(36)}`;
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/;
const client = new RouteClient();
const call = (body: unknown) =>
  client.call<ProofResult & { code?: string; detail?: string }>(prove.POST, { method: 'POST', body });

beforeAll(async () => {
  const admin = dashboardClients();
  for (const name of ['token-request', 'projected-volume'])
    await applyScenario(admin, await loadScenario(name));
  await admin.core.createNamespace({ body: { metadata: { name: ns } } });
  for (const name of ['a', 'b'])
    await admin.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name } } });
  await admin.rbac.createClusterRoleBinding({
    body: {
      metadata: { name: `${ns}-b-admin` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'b', namespace: ns }],
    },
  });
  await admin.rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'mint-b' },
      rules: [
        { verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['b'] },
      ],
    },
  });
  await admin.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'a-mints-b' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'mint-b' },
      subjects: [{ kind: 'ServiceAccount', name: 'a', namespace: ns }],
    },
  });
  // The authorizer's informers see new bindings a moment later.
  const attrs = {
    verb: 'create',
    group: '',
    resource: 'serviceaccounts',
    subresource: 'token',
    namespace: ns,
    name: 'b',
  };
  for (let i = 0; i < 100; i++) {
    if ((await subjectAccessReview(admin, serviceAccountUser(ns, 'a'), attrs)).allowed) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);

afterAll(async () => {
  const admin = dashboardClients();
  await admin.rbac.deleteClusterRoleBinding({ name: `${ns}-b-admin` });
  await admin.core.deleteNamespace({ name: ns });
  // Custody: no body carried a token.
  expect(client.bodies.filter((b) => JWT.test(b))).toEqual([]);
});

describe('POST /api/rbac/risk/prove', () => {
  it('walks caller → A → B with real TokenRequests and ends in B’s 200 listing Secrets in every namespace', async () => {
    const res = await call({
      chain: [
        { namespace: ns, name: 'a' },
        { namespace: ns, name: 'b' },
      ],
      check: { verb: 'list', group: '', resource: 'secrets' },
    });
    expect(res.status).toBe(200);
    expect(res.body.proven).toBe(true);
    expect(res.body.steps.map((s) => [s.status, s.whoami?.status, s.whoami?.username])).toEqual([
      [201, 201, `system:serviceaccount:${ns}:a`],
      [201, 201, `system:serviceaccount:${ns}:b`],
    ]);
    expect(res.body.steps[1]?.as).toBe(`ServiceAccount ${ns}/a (its minted token)`);
    expect(res.body.check).toMatchObject({
      status: 200,
      request: `list secrets in all namespaces as ${ns}/b`,
    });
  });

  it('proves the seed’s requester → viewer mint, ending in the viewer’s 200 listing pods', async () => {
    const res = await call({
      chain: [
        { namespace: 'default', name: 'service-account-token-requester' },
        { namespace: 'default', name: 'service-account-pod-viewer' },
      ],
    });
    expect(res.body.proven).toBe(true);
    expect(res.body.check).toMatchObject({
      status: 200,
      request: 'list pods in default as default/service-account-pod-viewer',
    });
  });

  it('refuses a hop RBAC does not allow, before minting anything', async () => {
    const res = await call({
      chain: [
        { namespace: ns, name: 'b' },
        { namespace: ns, name: 'a' },
        { namespace: 'default', name: 'service-account-pod-viewer' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(
      `RBAC does not let ${ns}/a mint a token for default/service-account-pod-viewer`,
    );
  });

  it('validates the body and mints nothing when read-only', async () => {
    expect((await call({ chain: [{ namespace: ns, name: 'a' }] })).status).toBe(400);
    process.env.TOKENSCOPE_READ_ONLY = '1';
    try {
      const res = await call({
        chain: [
          { namespace: ns, name: 'a' },
          { namespace: ns, name: 'b' },
        ],
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden:read-only');
      expect(res.body.detail).toContain('read-only');
    } finally {
      delete process.env.TOKENSCOPE_READ_ONLY;
    }
  });
});
