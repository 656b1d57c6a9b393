// The bindings browser's server functions against the real API server: a namespace of our own with a
// working binding, a binding to a missing role, one to a missing ServiceAccount, an aggregated
// ClusterRole, an unused ServiceAccount and one a pod runs as. Checks the overview (rows, dangling,
// unused), the binding view (subjects checked, rules with aggregation sources) and the role view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFilter, filterBindings } from '@/lib/rbac/bindings';
import { dashboardClients } from '@/lib/kube/clients';
import { bindingsOverview, readBindingView, readRoleView } from '@/lib/kube/rbac-bindings';

const id = Date.now().toString(36);
const ns = `it-bindings-${id}`;
const group = 'rbac.authorization.k8s.io';
const aggLabel = `tokenscope.test/agg-${id}`;
const aggregated = `it-agg-${id}`;
const source = `it-agg-src-${id}`;

beforeAll(async () => {
  const { core, rbac } = dashboardClients();
  await core.createNamespace({ body: { metadata: { name: ns } } });
  for (const name of ['worker', 'idle', 'runner'])
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name } } });
  await core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'runs-as-runner' },
      spec: { serviceAccountName: 'runner', containers: [{ name: 'c', image: 'nginx' }] },
    },
  });
  await rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'reader' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    },
  });
  const binding = (
    name: string,
    roleRef: { kind: string; name: string },
    subjects: { kind: string; name: string; namespace?: string; apiGroup?: string }[],
  ) =>
    rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: { metadata: { name }, roleRef: { apiGroup: group, ...roleRef }, subjects },
    });
  await binding('ok', { kind: 'Role', name: 'reader' }, [
    { kind: 'ServiceAccount', name: 'worker', namespace: ns },
    { kind: 'User', name: 'jane', apiGroup: group },
    { kind: 'Group', name: 'auditors', apiGroup: group },
  ]);
  await binding('no-role', { kind: 'Role', name: 'never-created' }, [
    { kind: 'ServiceAccount', name: 'worker', namespace: ns },
  ]);
  await binding('ghost-sa', { kind: 'Role', name: 'reader' }, [
    { kind: 'ServiceAccount', name: 'ghost', namespace: ns },
  ]);
  await rbac.createClusterRole({
    body: {
      metadata: { name: source, labels: { [aggLabel]: 'true' } },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['watch'] }],
    },
  });
  await rbac.createClusterRole({
    body: {
      metadata: { name: aggregated },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggLabel]: 'true' } }] },
    },
  });
  await binding('to-aggregated', { kind: 'ClusterRole', name: aggregated }, [
    { kind: 'ServiceAccount', name: 'worker', namespace: ns },
  ]);
  // The aggregation controller fills the aggregated role's rules.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const r = await rbac.readClusterRole({ name: aggregated });
    if ((r.rules ?? []).length > 0) break;
    await new Promise((res) => setTimeout(res, 200));
  }
}, 60_000);

afterAll(async () => {
  const { core, rbac } = dashboardClients();
  await rbac.deleteClusterRole({ name: aggregated }).catch(() => {});
  await rbac.deleteClusterRole({ name: source }).catch(() => {});
  await core.deleteNamespace({ name: ns }).catch(() => {});
});

describe('bindingsOverview', () => {
  it('lists the namespace’s bindings with roles resolved and dangling ones explained', async () => {
    const overview = await bindingsOverview(dashboardClients());
    const rows = filterBindings(overview.model, { ...emptyFilter, ns });
    expect(rows.map((r) => r.name)).toEqual(['ghost-sa', 'no-role', 'ok', 'to-aggregated']);
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(by.ok?.dangling).toBeUndefined();
    expect(by.ok?.subjects).toEqual([`ServiceAccount:${ns}/worker`, 'User:jane', 'Group:auditors']);
    expect(by['no-role']?.dangling).toEqual([`Role ${ns}/never-created does not exist`]);
    expect(by['ghost-sa']?.dangling).toEqual([`ServiceAccount ${ns}/ghost does not exist`]);
    expect(overview.dangling.filter((d) => d.namespace === ns).map((d) => d.name)).toEqual([
      'ghost-sa',
      'no-role',
    ]);
    // The verb/resource filter goes through the role's rules, aggregated ones included.
    expect(
      filterBindings(overview.model, { ...emptyFilter, ns, verb: 'list', resource: 'pods' }).map(
        (r) => r.name,
      ),
    ).toEqual(['ghost-sa', 'ok']);
    expect(
      filterBindings(overview.model, { ...emptyFilter, ns, verb: 'watch', resource: 'configmaps' }).map(
        (r) => r.name,
      ),
    ).toEqual(['to-aggregated']);
    expect(overview.unread).toEqual([]);
  });

  it('reports the ServiceAccount nothing binds and no pod uses, not the bound one, the running one or default', async () => {
    const overview = await bindingsOverview(dashboardClients());
    const unused = (overview.unusedServiceAccounts ?? [])
      .filter((s) => s.namespace === ns)
      .map((s) => s.name);
    expect(unused).toEqual(['idle']);
  });
});

describe('readBindingView', () => {
  it('checks each subject: the ServiceAccount is looked up, Users and Groups cannot be', async () => {
    const view = await readBindingView(dashboardClients(), 'RoleBinding', ns, 'ok');
    expect(view?.role?.role.name).toBe('reader');
    expect(view?.subjects.map((s) => [s.subject.kind, s.check.state])).toEqual([
      ['ServiceAccount', 'exists'],
      ['User', 'unchecked'],
      ['Group', 'unchecked'],
    ]);
    const ghost = await readBindingView(dashboardClients(), 'RoleBinding', ns, 'ghost-sa');
    expect(ghost?.subjects[0]?.check.state).toBe('missing');
  });

  it('has no role for a dangling roleRef, and nothing for an unknown binding', async () => {
    const view = await readBindingView(dashboardClients(), 'RoleBinding', ns, 'no-role');
    expect(view?.binding.roleRef.name).toBe('never-created');
    expect(view?.role).toBeUndefined();
    expect(await readBindingView(dashboardClients(), 'RoleBinding', ns, 'nope')).toBeUndefined();
    // A RoleBinding is not found under the cluster scope.
    expect(await readBindingView(dashboardClients(), 'ClusterRoleBinding', undefined, 'ok')).toBeUndefined();
  });

  it('expands an aggregated ClusterRole and names where each rule comes from', async () => {
    const view = await readBindingView(dashboardClients(), 'RoleBinding', ns, 'to-aggregated');
    expect(view?.role?.rules).toEqual([
      { rule: { verbs: ['watch'], apiGroups: [''], resources: ['configmaps'] }, from: [source] },
    ]);
  });
});

describe('readRoleView', () => {
  it('lists the bindings of a Role in its namespace only', async () => {
    const view = await readRoleView(dashboardClients(), 'Role', ns, 'reader');
    expect(view?.boundBy.map((b) => b.name)).toEqual(['ghost-sa', 'ok']);
    expect(await readRoleView(dashboardClients(), 'Role', ns, 'never-created')).toBeUndefined();
    expect(await readRoleView(dashboardClients(), 'Role', 'default', 'reader')).toBeUndefined();
  });
});
