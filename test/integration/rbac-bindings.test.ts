// The bindings browser's server functions against the real API server: a namespace of our own with a
// working binding, a binding to a missing role, one to a missing ServiceAccount, an aggregated
// ClusterRole, an unused ServiceAccount and one a pod runs as. Checks a page of rows (dangling, filters,
// paging) and the route serving it (bad queries, shared mode), the hygiene findings (dangling,
// unused), the binding view (subjects checked, rules with aggregation sources) and the role view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as bindingsRoute from '@/app/api/rbac/bindings/route';
import * as session from '@/app/api/session/route';
import type { Problem } from '@/lib/contracts/errors';
import type { BindingsPage } from '@/lib/contracts/rbac-bindings';
import { bindingsPageSchema } from '@/lib/contracts/rbac-bindings.schema';
import { requestToken } from '@/lib/kube/tokens';
import { emptyFilter } from '@/lib/rbac/bindings';
import { dashboardClients } from '@/lib/kube/clients';
import { bindingsHygiene, bindingsPage, readBindingView, readRoleView } from '@/lib/kube/rbac-bindings';
import { RouteClient } from '../support/routes';

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

const pageOf = (filter: Partial<typeof emptyFilter>, limit = 50, cont?: string) =>
  bindingsPage(dashboardClients(), {
    filter: { ...emptyFilter, ...filter },
    limit,
    ...(cont === undefined ? {} : { continue: cont }),
  });

describe('bindingsPage and bindingsHygiene', () => {
  it('lists the namespace’s bindings with roles resolved and dangling ones explained', async () => {
    const page = await pageOf({ ns });
    expect(page.items.map((r) => r.name)).toEqual(['ghost-sa', 'no-role', 'ok', 'to-aggregated']);
    expect(page.matched).toBe(4);
    expect(page.danglingMatched).toBe(2);
    expect(page.total).toBeGreaterThan(page.matched);
    expect(page.namespaces).toContain(ns);
    expect(page.subjectsUnchecked).toBeUndefined();
    const by = Object.fromEntries(page.items.map((r) => [r.name, r]));
    expect(by.ok?.dangling).toBeUndefined();
    expect(by.ok?.subjects).toEqual([`ServiceAccount:${ns}/worker`, 'User:jane', 'Group:auditors']);
    expect(by['no-role']?.dangling).toEqual([`Role ${ns}/never-created does not exist`]);
    expect(by['ghost-sa']?.dangling).toEqual([`ServiceAccount ${ns}/ghost does not exist`]);
    const hygiene = await bindingsHygiene(dashboardClients());
    expect(hygiene.dangling.filter((d) => d.namespace === ns).map((d) => d.name)).toEqual([
      'ghost-sa',
      'no-role',
    ]);
    expect(hygiene.unread).toEqual([]);
    // The verb/resource filter goes through the role's rules, aggregated ones included.
    expect((await pageOf({ ns, verb: 'list', resource: 'pods' })).items.map((r) => r.name)).toEqual([
      'ghost-sa',
      'ok',
    ]);
    expect((await pageOf({ ns, verb: 'watch', resource: 'configmaps' })).items.map((r) => r.name)).toEqual([
      'to-aggregated',
    ]);
  });

  it('pages with limit and continue, each binding once', async () => {
    const first = await pageOf({ ns }, 3);
    expect(first.items.map((r) => r.name)).toEqual(['ghost-sa', 'no-role', 'ok']);
    expect(first.continue).toBe(`${ns}/ok`);
    const second = await pageOf({ ns }, 3, first.continue);
    expect(second.items.map((r) => r.name)).toEqual(['to-aggregated']);
    expect(second.continue).toBeUndefined();
    await expect(pageOf({ ns }, 3, 'not-a-token')).rejects.toMatchObject({ code: 'invalid:request' });
  });

  it('reports the ServiceAccount nothing binds and no pod uses, not the bound one, the running one or default', async () => {
    const hygiene = await bindingsHygiene(dashboardClients());
    const unused = (hygiene.unusedServiceAccounts ?? []).filter((s) => s.namespace === ns).map((s) => s.name);
    expect(unused).toEqual(['idle']);
  });
});

describe('GET /api/rbac/bindings', () => {
  const client = new RouteClient();
  const get = (query: string, c = client) =>
    c.call<BindingsPage & Problem>(bindingsRoute.GET, { path: `/api/rbac/bindings?${query}` });

  it('answers one page of the filtered bindings, its counts and the next page’s token', async () => {
    const r = await get(`namespace=${ns}&limit=2`);
    expect(r.status).toBe(200);
    const body = bindingsPageSchema.parse(r.body);
    expect(body.items.map((i) => i.name)).toEqual(['ghost-sa', 'no-role']);
    expect(body).toMatchObject({ matched: 4, danglingMatched: 2, continue: `${ns}/no-role` });
    expect(r.body).not.toHaveProperty('namespaces');
    const next = await get(`namespace=${ns}&limit=2&continue=${encodeURIComponent(body.continue ?? '')}`);
    expect(next.body.items.map((i) => i.name)).toEqual(['ok', 'to-aggregated']);
    expect(next.body.continue).toBeUndefined();
    const filtered = await get(`namespace=${ns}&subjectKind=User&subject=JAN&dangling=0`);
    expect(filtered.body.items.map((i) => i.name)).toEqual(['ok']);
    const dangling = await get(`namespace=${ns}&dangling=1&grantVerb=list&grantResource=pods`);
    expect(dangling.body.items.map((i) => i.name)).toEqual(['ghost-sa']);
  });

  it('refuses a malformed query with 400 problem JSON', async () => {
    for (const query of [
      'limit=0',
      'limit=501',
      'limit=many',
      'namespace=Not_A_Namespace',
      'subjectKind=Robot',
      'dangling=yes',
      `role=${'x'.repeat(254)}`,
      'continue=no-slash-here',
    ]) {
      const r = await get(query);
      expect(r.status, query).toBe(400);
      expect(r.headers.get('content-type'), query).toBe('application/problem+json');
      expect(r.body.code, query).toBe('invalid:request');
    }
  });

  it('in shared mode, refuses a caller without a session and answers a signed-in one as itself', async () => {
    const token = (
      await requestToken(dashboardClients(), {
        namespace: ns,
        serviceAccount: 'worker',
        expirationSeconds: 600,
      })
    ).token;
    process.env.TOKENSCOPE_MODE = 'shared';
    try {
      const anonymous = await get(`namespace=${ns}`, new RouteClient());
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
      const worker = new RouteClient();
      expect((await worker.call(session.POST, { method: 'POST', body: { token } })).status).toBe(200);
      // The worker may not list RBAC: the API server's refusal, never the dashboard's view.
      const refused = await get(`namespace=${ns}`, worker);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden:kube');
      expect(refused.body.detail).toContain(`system:serviceaccount:${ns}:worker`);
      expect(refused.text).not.toContain('ghost-sa');
    } finally {
      delete process.env.TOKENSCOPE_MODE;
    }
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
