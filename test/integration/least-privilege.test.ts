// Least privilege from real use, against the real API server and its real audit log: a deliberately
// over-granted ServiceAccount makes requests with its own token; the route reads the audit log, finds
// the used set, proposes the minimal Roles, applies them to a copy, replays every request with the
// copy's token (0 failures) and shows the unused grants gone; "remove the copy" deletes it all.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as copyRoute from '@/app/api/namespaces/[ns]/serviceaccounts/[name]/least-privilege/copy/route';
import * as reportRoute from '@/app/api/namespaces/[ns]/serviceaccounts/[name]/least-privilege/route';
import type { LeastPrivilegeReplay, LeastPrivilegeReport } from '@/lib/contracts/least-privilege';
import { clientsForToken, dashboardClients } from '@/lib/kube/clients';
import { rawGet } from '@/lib/kube/raw';
import { requestToken } from '@/lib/kube/tokens';
import { RouteClient } from '../support/routes';

const suffix = randomBytes(3).toString('hex');
const ns = `lp-${suffix}`;
const sa = 'viewer';
const client = new RouteClient();
const params = { ns, name: sa };
const base = `/api/namespaces/${ns}/serviceaccounts/${sa}/least-privilege`;

beforeAll(async () => {
  process.env.TOKENSCOPE_AUDIT_LOG = inject('cluster').auditLog;
  const admin = dashboardClients();
  await admin.core.createNamespace({ body: { metadata: { name: ns } } });
  await admin.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: sa } } });
  await admin.core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'web' },
      spec: { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'nginx' }] },
    },
  });
  // Over-granted: everything on pods and Secrets in its namespace, and reading namespaces cluster-wide.
  await admin.rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'too-much' },
      rules: [{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['*'] }],
    },
  });
  await admin.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'too-much' },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'too-much' },
    },
  });
  await admin.rbac.createClusterRole({
    body: {
      metadata: { name: `lp-ns-${suffix}` },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] }],
    },
  });
  await admin.rbac.createClusterRoleBinding({
    body: {
      metadata: { name: `lp-ns-${suffix}` },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `lp-ns-${suffix}` },
    },
  });
  const { token } = await requestToken(admin, { namespace: ns, serviceAccount: sa, expirationSeconds: 600 });
  const asViewer = clientsForToken(token);
  // Wait until the bindings reach the authorizer, then make the requests the audit log records.
  for (let i = 0; i < 40 && (await rawGet(asViewer, `/api/v1/namespaces/${ns}/pods`)).status !== 200; i++)
    await new Promise((r) => setTimeout(r, 250));
  for (const path of [
    `/api/v1/namespaces/${ns}/pods`,
    `/api/v1/namespaces/${ns}/pods/web`,
    '/api/v1/namespaces',
    `/api/v1/namespaces/${ns}/configmaps`,
  ]) {
    await rawGet(asViewer, path);
  }
}, 60_000);

afterAll(async () => {
  const admin = dashboardClients();
  await admin.core.deleteNamespace({ name: ns }).catch(() => {});
  await admin.rbac.deleteClusterRoleBinding({ name: `lp-ns-${suffix}` }).catch(() => {});
  await admin.rbac.deleteClusterRole({ name: `lp-ns-${suffix}` }).catch(() => {});
});

/** The least-privilege report over the last hour. */
async function readReport(): Promise<LeastPrivilegeReport> {
  const res = await client.call<LeastPrivilegeReport>(reportRoute.GET, {
    path: `${base}?window=3600`,
    params,
  });
  expect(res.status).toBe(200);
  return res.body;
}

/** Applies the proposal to the copy (or again) and replays the used requests with its token. */
async function applyCopy(): Promise<LeastPrivilegeReplay> {
  const res = await client.call<LeastPrivilegeReplay>(copyRoute.POST, {
    method: 'POST',
    path: `${base}/copy`,
    params,
    body: { window: 3600 },
  });
  expect(res.status).toBe(200);
  return res.body;
}

// Each test makes what it needs (the copy included), so each passes alone as in file order.
describe('least privilege from the real audit log', () => {
  it("the control plane writes ServiceAccount requests to its audit log, without the dashboard's own", () => {
    const log = inject('cluster').auditLog;
    expect(statSync(log).size).toBeGreaterThan(0);
    const events = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as { verb: string; user: { username: string }; objectRef?: { subresource?: string } },
      );
    expect(events.map((e) => e.user.username)).toContain(`system:serviceaccount:${ns}:${sa}`);
    // Besides ServiceAccounts' requests, only TokenRequests are recorded (by anyone, with their body).
    for (const e of events) {
      if (e.verb === 'create' && e.objectRef?.subresource === 'token') continue;
      expect(e.user.username).toMatch(/^system:serviceaccount:/);
    }
  });

  it('reads the used set, the denied requests and the unused grants, and proposes minimal Roles', async () => {
    const report = await readReport();
    expect(report.audit.configured).toBe(true);
    const used = report.used
      .map((q) => `${q.verb} ${q.resource} ${q.namespace ?? '*'} ${q.name ?? '-'}`)
      .sort();
    expect(used).toEqual([`get pods ${ns} web`, `list namespaces * -`, `list pods ${ns} -`]);
    expect(report.denied.map((q) => `${q.verb} ${q.resource} ${q.codes['403']}`)).toEqual([
      'list configmaps 1',
    ]);
    expect(
      report.used.find((q) => q.verb === 'list' && q.resource === 'pods')?.codes['200'],
    ).toBeGreaterThanOrEqual(1);
    // The over-grant is reported used (it covers pods) and the namespaces ClusterRole too; nothing in
    // the proposal grants Secrets or the denied configmaps.
    expect(
      report.granted
        .filter((g) => !g.viaGroupOnly)
        .map((g) => g.usedBy)
        .sort(),
    ).toEqual([1, 2]);
    expect(report.proposal.roles.map((r) => [r.kind, r.namespace ?? '', r.rules])).toEqual([
      [
        'Role',
        ns,
        [
          { apiGroups: [''], resources: ['pods'], resourceNames: ['web'], verbs: ['get'] },
          { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
        ],
      ],
      ['ClusterRole', '', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list'] }]],
    ]);
    expect(report.proposal.yaml).not.toMatch(/secrets|configmaps/);
    expect(report.copy).toEqual({ name: `${sa}-leastpriv`, exists: false });
  });

  it("applies the proposal to a copy, replays every request with the copy's token: 0 failures", async () => {
    const report = await readReport();
    const replay = await applyCopy();
    expect((await readReport()).copy.exists).toBe(true);
    expect(replay.tokenUser).toBe(`system:serviceaccount:${ns}:${sa}-leastpriv`);
    expect(replay.results).toHaveLength(report.used.length);
    expect(replay.failures).toBe(0);
    for (const r of replay.results) {
      expect(r.method).toBe('request');
      expect(r.status).toBe(200);
    }
    expect(JSON.stringify(replay)).not.toMatch(/eyJ[\w-]+\.eyJ/); // the copy's token never leaves the server
    // The copy does not have what the original had and did not use: Secrets, delete pods, get namespaces.
    const copy = clientsForToken(
      (
        await requestToken(dashboardClients(), {
          namespace: ns,
          serviceAccount: `${sa}-leastpriv`,
          expirationSeconds: 600,
        })
      ).token,
    );
    expect((await rawGet(copy, `/api/v1/namespaces/${ns}/secrets`)).status).toBe(403);
    expect((await rawGet(copy, `/api/v1/namespaces/${ns}/configmaps`)).status).toBe(403);
  });

  it('an over-grant nothing used shows as unused and is gone from the copy', async () => {
    const admin = dashboardClients();
    await admin.rbac.createNamespacedRole({
      namespace: ns,
      body: {
        metadata: { name: 'unused' },
        rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['delete'] }],
      },
    });
    await admin.rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'unused' },
        subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'unused' },
      },
    });
    const unused = (await readReport()).granted.filter((g) => g.usedBy === 0 && !g.viaGroupOnly);
    expect(unused.map((g) => [g.resources, g.verbs])).toEqual([[['deployments'], ['delete']]]);
    const loop = await applyCopy();
    expect(loop.failures).toBe(0);
    // Every part granted and unused is checked against the copy: Secrets (the over-grant's `*`),
    // get namespaces (only list was used) and delete deployments — all gone.
    const checks = loop.unusedGrants.map((u) => u.description).sort();
    expect(checks).toEqual(
      [`* secrets in ${ns}`, `delete deployments.apps in ${ns}`, 'get namespaces cluster-wide'].sort(),
    );
    expect(loop.unusedGrants.every((u) => u.gone)).toBe(true);
  });

  it('removes the copy and everything made for it', async () => {
    if (!(await readReport()).copy.exists) await applyCopy();
    const res = await client.call<{ deleted: string[] }>(copyRoute.DELETE, {
      method: 'DELETE',
      path: `${base}/copy`,
      params,
    });
    expect(res.status).toBe(200);
    expect(res.body.deleted.sort()).toEqual(
      [
        `ClusterRole ${ns}-${sa}-leastpriv`,
        `ClusterRoleBinding ${ns}-${sa}-leastpriv`,
        `Role ${ns}/${sa}-leastpriv`,
        `RoleBinding ${ns}/${sa}-leastpriv`,
        `ServiceAccount ${ns}/${sa}-leastpriv`,
      ].sort(),
    );
    expect((await readReport()).copy.exists).toBe(false);
  });

  it('refuses the loop in read-only mode with a clear message', async () => {
    process.env.TOKENSCOPE_READ_ONLY = '1';
    try {
      const res = await client.call<{ code: string; detail: string }>(copyRoute.POST, {
        method: 'POST',
        path: `${base}/copy`,
        params,
        body: {},
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden:read-only');
      expect(res.body.detail).toMatch(/read-only/);
    } finally {
      delete process.env.TOKENSCOPE_READ_ONLY;
    }
  });
});
