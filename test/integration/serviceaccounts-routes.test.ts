// The ServiceAccount routes against the real API server with the seed scenarios applied and a
// namespace of our own: paging with limit/continue, search, the list's columns, the detail (bindings,
// projected tokens, legacy tokens, warnings), permissions in DESIGN.md's shape, and can-i.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as canI from '@/app/api/namespaces/[ns]/serviceaccounts/[name]/can-i/route';
import * as permissions from '@/app/api/namespaces/[ns]/serviceaccounts/[name]/permissions/route';
import * as detail from '@/app/api/namespaces/[ns]/serviceaccounts/[name]/route';
import * as list from '@/app/api/serviceaccounts/route';
import type { Problem } from '@/lib/contracts/errors';
import { type CanIResult, type Permissions, permissionsSchema } from '@/lib/contracts/rbac';
import {
  type ServiceAccountDetail,
  type ServiceAccountPage,
  serviceAccountDetailSchema,
  serviceAccountPageSchema,
} from '@/lib/contracts/serviceaccounts';
import { dashboardClients } from '@/lib/kube/clients';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { RouteClient } from '../support/routes';

const client = new RouteClient();
const ns = `it-sa-${Date.now().toString(36)}`;
const accounts = Array.from({ length: 12 }, (_, i) => `alpha-${i}`);
const rbacGroup = 'rbac.authorization.k8s.io';

const getList = (query: Record<string, string>) =>
  client.call<ServiceAccountPage & Problem>(list.GET, {
    path: `/api/serviceaccounts?${new URLSearchParams(query)}`,
  });
const getDetail = (namespace: string, name: string) =>
  client.call<ServiceAccountDetail & Problem>(detail.GET, { params: { ns: namespace, name } });
const getPermissions = (namespace: string, name: string) =>
  client.call<Permissions & Problem>(permissions.GET, { params: { ns: namespace, name } });
const askCanI = (namespace: string, name: string, body: Record<string, unknown>) =>
  client.call<CanIResult & Problem>(canI.POST, { method: 'POST', params: { ns: namespace, name }, body });

async function allPages(query: Record<string, string>): Promise<{ pages: number; names: string[] }> {
  const names: string[] = [];
  let pages = 0;
  let cont: string | undefined;
  do {
    const r = await getList(cont ? { ...query, continue: cont } : query);
    expect(r.status).toBe(200);
    serviceAccountPageSchema.parse(r.body);
    names.push(...r.body.items.map((i) => `${i.namespace}/${i.name}`));
    cont = r.body.continue;
    pages++;
  } while (cont);
  return { pages, names };
}

beforeAll(async () => {
  const admin = dashboardClients();
  for (const name of ['token-request', 'projected-volume'])
    await applyScenario(admin, await loadScenario(name));
  await admin.core.createNamespace({ body: { metadata: { name: ns } } });
  for (const name of accounts) {
    await admin.core.createNamespacedServiceAccount({
      namespace: ns,
      body: { metadata: { name }, ...(name === 'alpha-4' ? { automountServiceAccountToken: false } : {}) },
    });
  }
  await admin.core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'runner' },
      spec: { serviceAccountName: 'alpha-1', containers: [{ name: 'app', image: 'nginx' }] },
    },
  });
  await admin.core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'vault-client' },
      spec: {
        serviceAccountName: 'alpha-1',
        automountServiceAccountToken: false,
        containers: [
          {
            name: 'app',
            image: 'nginx',
            volumeMounts: [{ name: 'vault', mountPath: '/var/run/secrets/vault', readOnly: true }],
          },
        ],
        volumes: [
          {
            name: 'vault',
            projected: {
              sources: [
                { serviceAccountToken: { path: 'vault-token', audience: 'vault', expirationSeconds: 7200 } },
              ],
            },
          },
        ],
      },
    },
  });
  await admin.core.createNamespacedSecret({
    namespace: ns,
    body: {
      metadata: {
        name: 'alpha-2-token',
        annotations: { 'kubernetes.io/service-account.name': 'alpha-2' },
        labels: {
          'kubernetes.io/legacy-token-last-used': '2026-01-15',
          'kubernetes.io/legacy-token-invalid-since': '2026-03-01',
        },
      },
      type: 'kubernetes.io/service-account-token',
      data: { token: Buffer.from('not-a-real-token').toString('base64') },
    },
  });
  await admin.rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'mint-alpha-1' },
      rules: [
        {
          apiGroups: [''],
          resources: ['serviceaccounts/token'],
          verbs: ['create'],
          resourceNames: ['alpha-1'],
        },
      ],
    },
  });
  // Subject without a namespace: a RoleBinding defaults it to its own namespace.
  await admin.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'alpha-3-mints-alpha-1' },
      roleRef: { apiGroup: rbacGroup, kind: 'Role', name: 'mint-alpha-1' },
      subjects: [{ kind: 'ServiceAccount', name: 'alpha-3' }],
    },
  });
  await admin.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'all-accounts-view' },
      roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', apiGroup: rbacGroup, name: `system:serviceaccounts:${ns}` }],
    },
  });
}, 120_000);

afterAll(async () => {
  await dashboardClients().core.deleteNamespace({ name: ns });
});

describe('GET /api/serviceaccounts', () => {
  it('pages one namespace with limit/continue, every account exactly once', async () => {
    const { pages, names } = await allPages({ namespace: ns, limit: '5' });
    const expected = [...accounts, 'default'].map((n) => `${ns}/${n}`).sort();
    expect(names.sort()).toEqual(expected);
    expect(pages).toBe(3);
  });

  it('searches across namespaces on the server, paging the matches', async () => {
    const first = await getList({ q: `${ns}/alpha-1`, limit: '2' });
    expect(first.body.items.map((i) => i.name)).toEqual(['alpha-1', 'alpha-10']);
    expect(first.body.continue).toBeTruthy();
    const second = await getList({ q: `${ns}/alpha-1`, limit: '2', continue: first.body.continue ?? '' });
    expect(second.body.items.map((i) => i.name)).toEqual(['alpha-11']);
    expect(second.body.continue).toBeUndefined();
    const { names } = await allPages({ q: 'SERVICE-ACCOUNT-', limit: '1' });
    expect(names).toEqual(
      expect.arrayContaining([
        'default/service-account-blog',
        'default/service-account-pod-viewer',
        'default/service-account-token-requester',
      ]),
    );
  });

  it('fills the columns: automount, pods, bindings, legacy tokens, can mint', async () => {
    const { body } = await getList({ namespace: ns, limit: '100' });
    const row = (name: string) => body.items.find((i) => i.name === name);
    expect(row('alpha-1')?.podCount).toBe(2);
    expect(row('alpha-0')?.podCount).toBe(0);
    expect(row('alpha-2')?.legacyTokenCount).toBe(1);
    expect(row('alpha-4')?.automount).toBe(false);
    expect(row('alpha-0')?.automount).toBeUndefined();
    expect(row('alpha-3')?.canMintTokens).toBe(true);
    expect(row('alpha-0')?.canMintTokens).toBe(false);
    expect(row('alpha-3')?.directBindingCount).toBe(1);
    // The group binding reaches every account of the namespace, on top of the bootstrap ones.
    expect(row('alpha-3')?.bindingCount).toBe((row('alpha-0')?.bindingCount ?? 0) + 1);
    expect(row('alpha-0')?.bindingCount).toBeGreaterThanOrEqual(2);

    const seed = await getList({ namespace: 'default', q: 'service-account-' });
    const seedRow = (name: string) => seed.body.items.find((i) => i.name === name);
    expect(seedRow('service-account-token-requester')?.canMintTokens).toBe(true);
    expect(seedRow('service-account-pod-viewer')?.canMintTokens).toBe(false);
    expect(seedRow('service-account-blog')?.podCount).toBe(1);
    expect(seedRow('service-account-blog')?.automount).toBe(false);
  });

  it('shows an RBAC change on the very next first page (no stale snapshot)', async () => {
    const row = async () =>
      (await getList({ namespace: ns, q: 'alpha-5' })).body.items.find((i) => i.name === 'alpha-5');
    expect((await row())?.canMintTokens).toBe(false);
    await dashboardClients().rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'alpha-5-mints' },
        roleRef: { apiGroup: rbacGroup, kind: 'Role', name: 'mint-alpha-1' },
        subjects: [{ kind: 'ServiceAccount', name: 'alpha-5', namespace: ns }],
      },
    });
    expect((await row())?.canMintTokens).toBe(true);
  });

  it('refuses bad limits and continue tokens with problem JSON', async () => {
    expect((await getList({ limit: '0' })).status).toBe(400);
    expect((await getList({ limit: '501' })).status).toBe(400);
    const forged = await getList({ continue: 'not-a-token' });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('invalid:request');
    const stale = await getList({
      continue: Buffer.from(JSON.stringify({ c: 'garbage', s: 0 })).toString('base64url'),
    });
    expect(stale.status).toBe(400);
    expect(stale.body.code).toBe('invalid:kube');
  });
});

describe('GET /api/namespaces/{ns}/serviceaccounts/{name}', () => {
  it('shows the seed pod’s projected token: 600 s, refreshed by kubelet after 480 s', async () => {
    const r = await getDetail('default', 'service-account-blog');
    expect(r.status).toBe(200);
    serviceAccountDetailSchema.parse(r.body);
    const nginx = r.body.pods.find((p) => p.name === 'nginx');
    expect(nginx?.volumes).toEqual([
      {
        name: 'projected-volume-for-service-account-blog',
        isDefault: false,
        mounts: [{ container: 'nginx', mountPath: '/tmp/secrets', readOnly: false }],
        tokens: [
          {
            path: 'service-account-token-as-file',
            expirationSeconds: 600,
            refreshAfterSeconds: 480,
            extendedExpiry: false,
          },
        ],
      },
    ]);
    const direct = r.body.bindings.filter((b) => b.via === 'serviceaccount');
    expect(direct.map((b) => [b.binding.name, b.role.name])).toEqual([
      ['cluster-role-binding-blog', 'cluster-role-blog'],
    ]);
    expect(direct[0]?.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]);
    expect(r.body.bindings.some((b) => b.via === 'group' && b.subject.name === 'system:authenticated')).toBe(
      true,
    );
    expect(r.body.user.groups).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:default',
      'system:authenticated',
    ]);
  });

  it('marks the default kube-api-access volume and reads custom audiences', async () => {
    const r = await getDetail(ns, 'alpha-1');
    const runner = r.body.pods.find((p) => p.name === 'runner');
    const access = runner?.volumes.find((v) => v.isDefault);
    expect(access?.name).toMatch(/^kube-api-access-/);
    expect(access?.tokens).toEqual([
      { path: 'token', expirationSeconds: 3607, refreshAfterSeconds: 2886, extendedExpiry: true },
    ]);
    expect(access?.mounts[0]?.mountPath).toBe('/var/run/secrets/kubernetes.io/serviceaccount');
    const vault = r.body.pods.find((p) => p.name === 'vault-client');
    expect(vault?.automountServiceAccountToken).toBe(false);
    expect(vault?.volumes).toEqual([
      {
        name: 'vault',
        isDefault: false,
        mounts: [{ container: 'app', mountPath: '/var/run/secrets/vault', readOnly: true }],
        tokens: [
          {
            path: 'vault-token',
            expirationSeconds: 7200,
            audience: 'vault',
            refreshAfterSeconds: 5760,
            extendedExpiry: false,
          },
        ],
      },
    ]);
    expect(r.body.mintableBy.map((m) => m.subject)).toContainEqual({
      kind: 'ServiceAccount',
      name: 'alpha-3',
      namespace: ns,
    });
  });

  it('lists legacy token Secrets with their labels and the TokenRequest that replaces them', async () => {
    const r = await getDetail(ns, 'alpha-2');
    expect(r.body.legacyTokens).toEqual([
      expect.objectContaining({
        name: 'alpha-2-token',
        serviceAccount: 'alpha-2',
        populated: true,
        lastUsed: '2026-01-15',
        invalidSince: '2026-03-01',
        replacement: `kubectl create token alpha-2 --namespace ${ns} --duration 1h`,
      }),
    ]);
    expect(r.text).not.toContain(Buffer.from('not-a-real-token').toString('base64'));
  });

  it('warns about minting, naming the accounts and the binding', async () => {
    const requester = await getDetail('default', 'service-account-token-requester');
    const mint = requester.body.warnings.find((w) => w.code === 'mint-tokens');
    expect(mint?.namespace).toBeNull();
    expect(mint?.grantedBy[0]?.binding.name).toBe('cluster-role-binding-token-requester-blog');
    const alpha3 = await getDetail(ns, 'alpha-3');
    const scoped = alpha3.body.warnings.find((w) => w.code === 'mint-tokens' && w.namespace === ns);
    expect(scoped?.namespace).toBe(ns);
    expect(scoped?.detail).toContain('alpha-1');
    const viewer = await getDetail('default', 'service-account-pod-viewer');
    expect(viewer.body.warnings).toEqual([]);
    expect(viewer.body.mintableBy.map((m) => m.subject.name)).toContain('service-account-token-requester');
  });

  it('answers 404 problem JSON for an unknown ServiceAccount', async () => {
    const r = await getDetail(ns, 'nobody');
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('not-found:kube');
    expect((await getPermissions(ns, 'nobody')).status).toBe(404);
  });
});

describe('GET …/permissions', () => {
  it('has DESIGN.md’s shape and names the granting binding and role', async () => {
    const r = await getPermissions('default', 'service-account-pod-viewer');
    expect(r.status).toBe(200);
    expect(permissionsSchema.strict().safeParse(r.body).success).toBe(true);
    expect(r.body.rules).toContainEqual({
      namespace: null,
      apiGroups: [''],
      resources: ['pods'],
      verbs: ['list'],
      grantedBy: [
        {
          binding: { kind: 'ClusterRoleBinding', name: 'cluster-role-binding-pod-viewer-blog' },
          role: { kind: 'ClusterRole', name: 'cluster-role-pod-viewer-blog' },
          subject: { kind: 'ServiceAccount', name: 'service-account-pod-viewer', namespace: 'default' },
        },
      ],
    });
  });

  it('gives the requester nothing of its own but create serviceaccounts/token', async () => {
    const r = await getPermissions('default', 'service-account-token-requester');
    const own = r.body.rules.filter((rule) =>
      rule.grantedBy.some((g) => g.subject.kind === 'ServiceAccount'),
    );
    expect(own.map((rule) => [rule.verbs, rule.resources])).toEqual([
      [['create'], ['serviceaccounts/token']],
    ]);
  });

  it('scopes RoleBinding grants to their namespace, with resourceNames', async () => {
    const r = await getPermissions(ns, 'alpha-3');
    expect(r.body.rules).toContainEqual(
      expect.objectContaining({
        namespace: ns,
        resources: ['serviceaccounts/token'],
        verbs: ['create'],
        resourceNames: ['alpha-1'],
      }),
    );
  });
});

describe('POST …/can-i', () => {
  it('puts the API server’s verdict beside the engine’s, which agree', async () => {
    const viewer = await askCanI('default', 'service-account-pod-viewer', {
      verb: 'list',
      resource: 'pods',
      namespace: 'default',
    });
    expect(viewer.status).toBe(200);
    expect(viewer.body.review.allowed).toBe(true);
    expect(viewer.body.engine.allowed).toBe(true);
    expect(viewer.body.agree).toBe(true);
    expect(viewer.body.engine.grants[0]?.binding.name).toBe('cluster-role-binding-pod-viewer-blog');

    const requester = await askCanI('default', 'service-account-token-requester', {
      verb: 'list',
      resource: 'pods',
      namespace: 'default',
    });
    expect([requester.body.review.allowed, requester.body.engine.allowed, requester.body.agree]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('honours resourceNames and subresources, and answers non-resource URLs', async () => {
    const token = { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: ns };
    const mine = await askCanI(ns, 'alpha-3', { ...token, name: 'alpha-1' });
    expect([mine.body.review.allowed, mine.body.engine.allowed]).toEqual([true, true]);
    const other = await askCanI(ns, 'alpha-3', { ...token, name: 'alpha-2' });
    expect([other.body.review.allowed, other.body.engine.allowed]).toEqual([false, false]);
    expect(
      other.body.engine.nearMisses.some((m) => m.mismatches.some((x) => x.field === 'resourceName')),
    ).toBe(true);
    const healthz = await askCanI(ns, 'alpha-0', { verb: 'get', path: '/healthz' });
    expect([healthz.body.review.allowed, healthz.body.engine.allowed, healthz.body.agree]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('refuses a body without resource or path, and a cross-site post', async () => {
    expect((await askCanI(ns, 'alpha-0', { verb: 'get' })).status).toBe(400);
    const crossSite = await client.call<Problem>(canI.POST, {
      method: 'POST',
      params: { ns, name: 'alpha-0' },
      body: { verb: 'get', resource: 'pods' },
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
  });
});
