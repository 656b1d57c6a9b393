// While the live watches cover every RBAC kind, the permissions route answers from the index they
// keep current event by event: each change shows within a second and RBAC is never listed again
// (counted by the API server itself, in apiserver_request_total). Without the watches, or after
// they stop, every answer comes from a fresh list.
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import * as permissionsRoute from '@/app/api/namespaces/[ns]/serviceaccounts/[name]/permissions/route';
import type { Permissions } from '@/lib/contracts/rbac';
import { dashboardClients } from '@/lib/kube/clients';
import { rbacSnapshot } from '@/lib/kube/rbac';
import { liveRbacIndex } from '@/lib/kube/rbac-freshness';
import { liveHub } from '@/lib/server/live/hub';
import { RouteClient } from '../support/routes';

const id = Date.now().toString(36);
const ns = `it-rbac-live-${id}`;
const rbacGroup = 'rbac.authorization.k8s.io';
const aggLabel = `tokenscope.test/aggregate-to-${id}`;
const client = new RouteClient();
let unsubscribe = () => {};

/** LIST requests for RBAC kinds the API server has served, from anyone, since it started. */
async function rbacLists(): Promise<number> {
  const { server, caFile, adminToken } = inject('cluster');
  const text = await new Promise<string>((resolve, reject) => {
    const opts = { ca: readFileSync(caFile), headers: { authorization: `Bearer ${adminToken}` } };
    get(new URL('/metrics', server), opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    }).on('error', reject);
  });
  const lines = text
    .split('\n')
    .filter(
      (l) =>
        l.startsWith('apiserver_request_total{') &&
        l.includes('verb="LIST"') &&
        l.includes(`group="${rbacGroup}"`),
    );
  return lines.reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

const permissions = async (): Promise<Permissions> => {
  const r = await client.call<Permissions>(permissionsRoute.GET, {
    path: `/api/namespaces/${ns}/serviceaccounts/app/permissions`,
    params: { ns, name: 'app' },
  });
  expect(r.status).toBe(200);
  return r.body;
};

const grants = (p: Permissions, resource: string, verb: string): string[] =>
  p.rules
    .filter((r) => r.resources.includes(resource) && r.verbs.includes(verb))
    .flatMap((r) => r.grantedBy.map((g) => `${g.binding.name}->${g.role.name}`));

/** Polls the route until `check` holds; returns the milliseconds it took. */
async function reflected(check: (p: Permissions) => boolean, ms = 10_000): Promise<number> {
  const start = performance.now();
  while (!check(await permissions())) {
    if (performance.now() - start > ms) throw new Error('the permissions route never showed the change');
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - start;
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const roleBinding = (name: string, kind: 'Role' | 'ClusterRole', role: string) => ({
  namespace: ns,
  body: {
    metadata: { name },
    roleRef: { apiGroup: rbacGroup, kind, name: role },
    subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: ns }],
  },
});

beforeAll(async () => {
  const { core, rbac } = dashboardClients();
  await core.createNamespace({ body: { metadata: { name: ns } } });
  await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'app' } } });
  await rbac.createNamespacedRole({
    namespace: ns,
    body: { metadata: { name: 'pods' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  });
  await rbac.createClusterRole({
    body: {
      metadata: { name: `it-agg-${id}` },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggLabel]: 'true' } }] },
    },
  });
});

afterAll(async () => {
  unsubscribe();
  const { core, rbac } = dashboardClients();
  for (const name of [`it-agg-${id}`, `it-agg-src-${id}`])
    await rbac.deleteClusterRole({ name }).catch(() => {});
  await core.deleteNamespace({ name: ns });
});

it('answers from a fresh list while the watches are not live', async () => {
  expect(liveRbacIndex(dashboardClients())).toBeUndefined();
  const before = await rbacLists();
  await dashboardClients().rbac.createNamespacedRoleBinding(roleBinding('unwatched', 'Role', 'pods'));
  // No polling: the very next answer must have it, because it lists RBAC afresh.
  expect(grants(await permissions(), 'pods', 'get')).toEqual(['unwatched->pods']);
  expect(await rbacLists()).toBeGreaterThanOrEqual(before + 4);
  await dashboardClients().rbac.deleteNamespacedRoleBinding({ name: 'unwatched', namespace: ns });
  expect(grants(await permissions(), 'pods', 'get')).toEqual([]);
});

it('follows bindings, rules and aggregation through the watches, within seconds and without listing RBAC', async () => {
  const clients = dashboardClients();
  const { rbac } = clients;
  unsubscribe = liveHub().subscribe(
    clients,
    ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
    () => {},
  );
  await until(() => liveRbacIndex(clients) !== undefined);
  expect((await rbacSnapshot(clients, { fresh: true })).index).toBe(liveRbacIndex(clients));
  const before = await rbacLists();
  const took: Record<string, number> = {};

  await rbac.createNamespacedRoleBinding(roleBinding('app-pods', 'Role', 'pods'));
  took.bindingCreated = await reflected((p) => grants(p, 'pods', 'get').includes('app-pods->pods'));

  const role = await rbac.readNamespacedRole({ name: 'pods', namespace: ns });
  role.rules = [{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get', 'list'] }];
  await rbac.replaceNamespacedRole({ name: 'pods', namespace: ns, body: role });
  took.roleRulesChanged = await reflected((p) => grants(p, 'secrets', 'list').includes('app-pods->pods'));

  await rbac.createNamespacedRoleBinding(roleBinding('app-agg', 'ClusterRole', `it-agg-${id}`));
  await rbac.createClusterRole({
    body: {
      metadata: { name: `it-agg-src-${id}`, labels: { [aggLabel]: 'true' } },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['watch'] }],
    },
  });
  // The aggregation controller rewrites the aggregated ClusterRole; its event carries the new rules.
  took.aggregatedRuleAdded = await reflected((p) =>
    grants(p, 'configmaps', 'watch').includes(`app-agg->it-agg-${id}`),
  );

  await rbac.deleteNamespacedRoleBinding({ name: 'app-pods', namespace: ns });
  took.bindingDeleted = await reflected((p) => grants(p, 'secrets', 'list').length === 0);

  // Tens of milliseconds when the machine is quiet; the bound leaves room for 2 busy shared cores
  // and for the aggregation controller's own rewrite.
  for (const [change, ms] of Object.entries(took)) expect(ms, change).toBeLessThan(5_000);
  expect(await rbacLists()).toBe(before);
});

it('stops answering from the watches once they stop, and lists again', async () => {
  const clients = dashboardClients();
  unsubscribe();
  unsubscribe = () => {};
  // The hub keeps a watch for 10 s after its last listener leaves.
  await until(() => liveRbacIndex(clients) === undefined, 20_000);
  const before = await rbacLists();
  await clients.rbac.createNamespacedRoleBinding(roleBinding('after-watch', 'Role', 'pods'));
  expect(grants(await permissions(), 'secrets', 'list')).toEqual(['after-watch->pods']);
  expect(await rbacLists()).toBeGreaterThan(before);
});

it('warm() starts the watches for the dashboard identity and resolves once the index answers; nobody else warms them', async () => {
  const clients = dashboardClients();
  const kinds = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const;
  await until(() => liveRbacIndex(clients) === undefined, 20_000);
  // A signed-in user's token never reads the watch-fed index: no watch is started for it.
  const user = { ...clients, identity: 'token' };
  expect(await liveHub().warm(user, [...kinds], 5_000)).toBe(false);
  expect(liveRbacIndex(clients)).toBeUndefined();
  const before = await rbacLists();
  expect(await liveHub().warm(clients, [...kinds], 30_000)).toBe(true);
  expect(liveRbacIndex(clients)).toBeDefined();
  // The watches listed each kind once; the page reads their index from then on.
  expect(await rbacLists()).toBe(before + 4);
  expect((await rbacSnapshot(clients)).index).toBe(liveRbacIndex(clients));
  // Without a listener, warmed watches linger out like any others.
  await until(() => liveRbacIndex(clients) === undefined, 20_000);
});
