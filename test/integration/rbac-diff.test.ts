// The RBAC diff against the real control plane: two ServiceAccounts compared, and one of them
// before and after its Role and RoleBinding change, from the journal the server keeps of what it
// saw change between reads of RBAC (no watches here; lib/rbac/rbac-history.test.ts covers them).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dashboardClients } from '@/lib/kube/clients';
import { diffSubjects, subjectHistory } from '@/lib/kube/rbac-diff';
import { describeEntry } from '@/lib/rbac/diff';

const id = Date.now().toString(36);
const ns = `it-rbac-diff-${id}`;
const rbacGroup = 'rbac.authorization.k8s.io';
const app = { kind: 'ServiceAccount' as const, namespace: ns, name: 'app' };
const other = { kind: 'ServiceAccount' as const, namespace: ns, name: 'other' };
const lines = (entries: Parameters<typeof describeEntry>[0][]) => entries.map(describeEntry).sort();

beforeAll(async () => {
  const { core, rbac } = dashboardClients();
  await core.createNamespace({ body: { metadata: { name: ns } } });
  for (const name of ['app', 'other'])
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name } } });
  await rbac.createNamespacedRole({
    namespace: ns,
    body: { metadata: { name: 'pods' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  });
  await rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'cm' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['settings'] }],
    },
  });
  for (const [name, role, sa] of [
    ['app-pods', 'pods', 'app'],
    ['other-pods', 'pods', 'other'],
    ['other-cm', 'cm', 'other'],
  ] as const) {
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name },
        roleRef: { apiGroup: rbacGroup, kind: 'Role', name: role },
        subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
      },
    });
  }
});

afterAll(async () => {
  await dashboardClients().core.deleteNamespace({ name: ns });
});

it('compares two ServiceAccounts: shared grants, and what only one holds', async () => {
  const d = await diffSubjects(dashboardClients(), app, other);
  expect(lines(d.onlyA).filter((l) => l.includes(ns))).toEqual([]);
  expect(lines(d.onlyB)).toEqual([`get configmaps [settings] in ${ns}`]);
  expect(d.onlyB[0]?.grantedBy.map((g) => g.binding.name)).toEqual(['other-cm']);
  expect(lines(d.both)).toContain(`get pods in ${ns}`);
});

it('shows what a ServiceAccount gained and lost when its Role and bindings change', async () => {
  const clients = dashboardClients();
  await subjectHistory(clients, app); // a read of RBAC: the baseline
  const before = Date.now();
  await new Promise((r) => setTimeout(r, 5));
  const role = await clients.rbac.readNamespacedRole({ name: 'pods', namespace: ns });
  role.rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }];
  await clients.rbac.replaceNamespacedRole({ name: 'pods', namespace: ns, body: role });
  await clients.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'app-cm' },
      roleRef: { apiGroup: rbacGroup, kind: 'Role', name: 'cm' },
      subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: ns }],
    },
  });
  const h = await subjectHistory(clients, app, before);
  expect(h).toBeDefined();
  expect(lines(h?.diff.onlyB ?? [])).toEqual([`get configmaps [settings] in ${ns}`, `list pods in ${ns}`]);
  expect(lines(h?.diff.onlyA ?? [])).toEqual([`get pods in ${ns}`]);
  expect(h?.changes[0]?.objects.sort()).toEqual([`Role/${ns}/pods`, `RoleBinding/${ns}/app-cm`]);
  // The other ServiceAccount shares the Role: it lost get and gained list on pods too.
  const o = await subjectHistory(clients, other, before);
  expect(lines(o?.diff.onlyB ?? [])).toEqual([`list pods in ${ns}`]);
  // Compared with a moment after the change, nothing changed.
  const later = await subjectHistory(clients, app, Date.now());
  expect(later?.diff.onlyA).toEqual([]);
  expect(later?.diff.onlyB).toEqual([]);
});
