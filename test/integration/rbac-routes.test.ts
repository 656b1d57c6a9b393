// The RBAC routes against the real API server with the seed scenarios applied: who-can lists the
// subjects the API server agrees are allowed, and token-minters says who can mint for whom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tokenMinters from '@/app/api/rbac/token-minters/route';
import * as whoCan from '@/app/api/rbac/who-can/route';
import type { Problem } from '@/lib/contracts/errors';
import {
  type SubjectDto,
  type TokenMintersResult,
  tokenMintersResultSchema,
  type WhoCanResult,
  whoCanResultSchema,
} from '@/lib/contracts/rbac';
import { dashboardClients } from '@/lib/kube/clients';
import { subjectAccessReview } from '@/lib/kube/reviews';
import { serviceAccountUser } from '@/lib/rbac/identity';
import type { ResourceAttributes, UserInfo } from '@/lib/rbac/types';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { RouteClient } from '../support/routes';

const client = new RouteClient();
const ns = `it-rbac-routes-${Date.now().toString(36)}`;
const rbacGroup = 'rbac.authorization.k8s.io';

const askWhoCan = (query: Record<string, string>) =>
  client.call<WhoCanResult & Problem>(whoCan.GET, {
    path: `/api/rbac/who-can?${new URLSearchParams(query)}`,
  });

/** A user the subject applies to, as the API server would authenticate one. */
function memberOf(subject: SubjectDto): UserInfo {
  if (subject.kind === 'ServiceAccount') return serviceAccountUser(subject.namespace ?? '', subject.name);
  if (subject.kind === 'User') return { username: subject.name, groups: ['system:authenticated'] };
  return { username: 'it-group-member', groups: [subject.name] };
}

beforeAll(async () => {
  const admin = dashboardClients();
  for (const name of ['token-request', 'projected-volume'])
    await applyScenario(admin, await loadScenario(name));
  await admin.core.createNamespace({ body: { metadata: { name: ns } } });
  await admin.rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'mint-some' },
      rules: [
        {
          apiGroups: [''],
          resources: ['serviceaccounts/token'],
          verbs: ['create'],
          resourceNames: ['web', 'db'],
        },
      ],
    },
  });
  await admin.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'ops-mint-some' },
      roleRef: { apiGroup: rbacGroup, kind: 'Role', name: 'mint-some' },
      subjects: [
        { kind: 'Group', apiGroup: rbacGroup, name: 'it-ops' },
        { kind: 'ServiceAccount', name: 'deployer' },
      ],
    },
  });
}, 120_000);

afterAll(async () => {
  await dashboardClients().core.deleteNamespace({ name: ns });
});

describe('GET /api/rbac/who-can', () => {
  it('lists who may list pods in default, each confirmed by SubjectAccessReview', async () => {
    const r = await askWhoCan({ verb: 'list', resource: 'pods', namespace: 'default' });
    expect(r.status).toBe(200);
    whoCanResultSchema.parse(r.body);
    const names = r.body.subjects.map((s) => s.subject.name);
    expect(names[0]).toBe('system:masters');
    expect(r.body.subjects[0]?.superuser).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['service-account-pod-viewer', 'service-account-blog']));
    expect(names).not.toContain('service-account-token-requester');
    const viewer = r.body.subjects.find((s) => s.subject.name === 'service-account-pod-viewer');
    expect(viewer?.grants[0]?.binding.name).toBe('cluster-role-binding-pod-viewer-blog');

    const attrs: ResourceAttributes = { verb: 'list', group: '', resource: 'pods', namespace: 'default' };
    const verdicts = await Promise.all(
      r.body.subjects.map(
        async (s) =>
          [
            s.subject,
            (await subjectAccessReview(dashboardClients(), memberOf(s.subject), attrs)).allowed,
          ] as const,
      ),
    );
    expect(verdicts.filter(([, allowed]) => !allowed).map(([s]) => s)).toEqual([]);
  });

  it('finds the requester among those who may mint a token for the pod viewer', async () => {
    const r = await askWhoCan({
      verb: 'create',
      resource: 'serviceaccounts',
      subresource: 'token',
      namespace: 'default',
      name: 'service-account-pod-viewer',
    });
    const requester = r.body.subjects.find((s) => s.subject.name === 'service-account-token-requester');
    expect(requester?.grants[0]?.role).toEqual({
      kind: 'ClusterRole',
      name: 'cluster-role-token-requester-blog',
    });
  });

  it('honours resourceNames and RoleBinding scope', async () => {
    const token = { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: ns };
    const web = await askWhoCan({ ...token, name: 'web' });
    expect(web.body.subjects.map((s) => s.subject)).toEqual(
      expect.arrayContaining([
        { kind: 'Group', apiGroup: rbacGroup, name: 'it-ops' },
        { kind: 'ServiceAccount', name: 'deployer', namespace: ns },
      ]),
    );
    const cache = await askWhoCan({ ...token, name: 'cache' });
    expect(cache.body.subjects.map((s) => s.subject.name)).not.toContain('it-ops');
    const elsewhere = await askWhoCan({ ...token, namespace: 'default', name: 'web' });
    expect(elsewhere.body.subjects.map((s) => s.subject.name)).not.toContain('it-ops');
  });

  it('refuses a query without a resource', async () => {
    const r = await askWhoCan({ verb: 'list' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid:request');
  });
});

describe('GET /api/rbac/token-minters', () => {
  it('says who can mint tokens for whom, cluster-wide and per namespace', async () => {
    const r = await client.call<TokenMintersResult>(tokenMinters.GET);
    expect(r.status).toBe(200);
    tokenMintersResultSchema.parse(r.body);
    const requester = r.body.minters.find((m) => m.subject.name === 'service-account-token-requester');
    expect(requester?.scopes).toEqual([
      expect.objectContaining({ namespace: null, serviceAccounts: ['service-account-pod-viewer'] }),
    ]);
    expect(requester?.scopes[0]?.grantedBy[0]?.binding).toEqual({
      kind: 'ClusterRoleBinding',
      name: 'cluster-role-binding-token-requester-blog',
    });
    const ops = r.body.minters.find((m) => m.subject.name === 'it-ops');
    expect(ops?.scopes).toEqual([expect.objectContaining({ namespace: ns, serviceAccounts: ['db', 'web'] })]);
    expect(r.body.minters.some((m) => m.subject.name === 'service-account-pod-viewer')).toBe(false);
  });
});
