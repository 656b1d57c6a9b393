// The correctness bar of the RBAC engine: on the seed scenarios and on a generated world applied to
// the real local cluster (beside the cluster's own bootstrap RBAC), every verdict of the engine,
// fed by lib/kube's snapshot, equals the API server's SubjectAccessReview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardClients } from '@/lib/kube/clients';
import { takeRbacSnapshot } from '@/lib/kube/rbac';
import { subjectAccessReview } from '@/lib/kube/reviews';
import { authorize } from '@/lib/rbac/decide';
import { explain } from '@/lib/rbac/explain';
import { generateWorld, type World } from '@/test/support/rbac/generate';
import { type GeneratedRequest, randomRequests } from '@/test/support/rbac/generate-requests';
import {
  ALL_SERVICE_ACCOUNTS_GROUP,
  AUTHENTICATED_GROUP,
  SERVICE_ACCOUNT_GROUP_PREFIX,
  serviceAccountUser,
} from '@/lib/rbac/identity';
import type { RbacIndex } from '@/lib/rbac/rbac-index';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { applyWorld, mapLimit, removeWorld, waitForAuthorizer } from './rbac-world';

interface Outcome {
  request: GeneratedRequest;
  engine: boolean;
  /** What the can-i route shows: explain()'s verdict, which must equal authorize()'s. */
  explained: boolean;
  server: boolean;
  reason: string;
}

/** Asks the API server about every request, about 8 at a time, next to the engine's verdict. */
async function compare(index: RbacIndex, requests: GeneratedRequest[]): Promise<Outcome[]> {
  const admin = dashboardClients();
  return mapLimit(requests, 8, async (request) => {
    const verdict = await subjectAccessReview(admin, request.user, request.attrs);
    return {
      request,
      engine: authorize(index, request.user, request.attrs).allowed,
      explained: explain(index, request.user, request.attrs, { limit: 1 }).allowed,
      server: verdict.allowed,
      reason: verdict.reason,
    };
  });
}

function describeDisagreements(outcomes: Outcome[]): string {
  const bad = outcomes.filter((o) => o.engine !== o.server);
  const lines = bad
    .slice(0, 40)
    .map(
      (o) =>
        `engine=${o.engine} server=${o.server} user=${o.request.user.username} groups=${o.request.user.groups.join(',')} ` +
        `attrs=${JSON.stringify(o.request.attrs)} reason=${JSON.stringify(o.reason)}`,
    );
  return `${bad.length} of ${outcomes.length} verdicts disagree:\n${lines.join('\n')}`;
}

function expectAgreement(outcomes: Outcome[], minimum: number): void {
  const disagreements = outcomes.filter((o) => o.engine !== o.server || o.explained !== o.server);
  expect(disagreements.length, describeDisagreements(outcomes)).toBe(0);
  expect(outcomes.length).toBeGreaterThanOrEqual(minimum);
  // Both outcomes must be well represented, or agreement would prove little.
  const allowed = outcomes.filter((o) => o.server).length;
  expect(allowed / outcomes.length).toBeGreaterThan(0.25);
  expect(allowed / outcomes.length).toBeLessThan(0.75);
}

const seedAccounts = [
  'default',
  'service-account-pod-viewer',
  'service-account-token-requester',
  'service-account-blog',
];
const seedGroups = new Set([
  ALL_SERVICE_ACCOUNTS_GROUP,
  `${SERVICE_ACCOUNT_GROUP_PREFIX}default`,
  AUTHENTICATED_GROUP,
]);

describe('the engine agrees with SubjectAccessReview on the seed scenarios', () => {
  beforeAll(async () => {
    for (const name of ['token-request', 'projected-volume'])
      await applyScenario(dashboardClients(), await loadScenario(name));
  });

  it('gives the seed ServiceAccounts exactly the API server’s verdicts on 600 random requests', async () => {
    const snapshot = await takeRbacSnapshot(dashboardClients());
    // Requests are derived from the bindings that reach the seed accounts (their own and their groups').
    const reaches = (s: { kind: string; name: string; namespace?: string }) =>
      (s.kind === 'ServiceAccount' &&
        seedAccounts.includes(s.name) &&
        (s.namespace ?? 'default') === 'default') ||
      (s.kind === 'Group' && seedGroups.has(s.name));
    const world: World = {
      ...snapshot.objects,
      prefix: 'seed-',
      namespaces: ['default', 'kube-system'],
      serviceAccounts: seedAccounts.map((name) => ({ namespace: 'default', name })),
      users: [{ username: 'seed-someone', groups: [AUTHENTICATED_GROUP] }],
      groups: [],
      roleBindings: snapshot.objects.roleBindings.filter((b) => b.subjects.some(reaches)),
      clusterRoleBindings: snapshot.objects.clusterRoleBindings.filter((b) => b.subjects.some(reaches)),
    };
    const requests = randomRequests(20260707, world, 600);
    const outcomes = await compare(snapshot.index, requests);
    expectAgreement(outcomes, 600);

    const viewer = serviceAccountUser('default', 'service-account-pod-viewer');
    const requester = serviceAccountUser('default', 'service-account-token-requester');
    const listPods = { verb: 'list', group: '', resource: 'pods', namespace: 'default' };
    const mint = {
      ...listPods,
      verb: 'create',
      resource: 'serviceaccounts',
      subresource: 'token',
      name: 'service-account-pod-viewer',
    };
    const checks = await compare(snapshot.index, [
      { user: viewer, attrs: listPods },
      { user: requester, attrs: listPods },
      { user: requester, attrs: mint },
      { user: viewer, attrs: mint },
    ]);
    expect(checks.map((c) => [c.engine, c.server])).toEqual([
      [true, true],
      [false, false],
      [true, true],
      [false, false],
    ]);
  });
});

describe('the engine agrees with SubjectAccessReview on a generated world', () => {
  const admin = () => dashboardClients();
  const world = generateWorld(
    424242,
    {
      namespaces: 5,
      serviceAccounts: 60,
      users: 10,
      groups: 6,
      roles: 130,
      clusterRoles: 80,
      roleBindings: 360,
      clusterRoleBindings: 60,
    },
    { prefix: `it-rbac-${Date.now().toString(36)}-` },
  );

  beforeAll(async () => {
    await applyWorld(admin(), world);
    await waitForAuthorizer(admin(), world);
  }, 150_000);

  afterAll(async () => {
    await removeWorld(admin(), world);
  }, 60_000);

  it('has the size, group subjects, aggregation, wildcards, resourceNames and subresources the bar asks for', () => {
    const roles = [...world.roles, ...world.clusterRoles];
    const bindings = [...world.roleBindings, ...world.clusterRoleBindings];
    const rules = roles.flatMap((r) => r.rules);
    expect(world.serviceAccounts.length).toBeGreaterThanOrEqual(50);
    expect(roles.length).toBeGreaterThanOrEqual(200);
    expect(bindings.length).toBeGreaterThanOrEqual(400);
    expect(bindings.some((b) => b.subjects.some((s) => s.kind === 'Group'))).toBe(true);
    expect(
      bindings.some((b) =>
        b.subjects.some((s) => s.kind === 'Group' && s.name.startsWith('system:serviceaccounts')),
      ),
    ).toBe(true);
    expect(world.clusterRoles.filter((r) => r.aggregationRule && r.rules.length > 0).length).toBeGreaterThan(
      0,
    );
    expect(rules.some((r) => r.verbs.includes('*'))).toBe(true);
    expect(rules.some((r) => r.resources?.includes('*'))).toBe(true);
    expect(rules.some((r) => r.resources?.some((x) => x.startsWith('*/')))).toBe(true);
    expect(rules.some((r) => (r.resourceNames ?? []).length > 0)).toBe(true);
    expect(rules.some((r) => r.resources?.some((x) => /^[a-z]+\/[a-z]+$/.test(x)))).toBe(true);
    expect(rules.some((r) => (r.nonResourceURLs ?? []).length > 0)).toBe(true);
  });

  it('returns the API server’s verdict for each of 2,400 random requests, bootstrap RBAC included', async () => {
    const snapshot = await takeRbacSnapshot(admin());
    // The engine sees the whole cluster: the world, the seed and the API server's bootstrap policy.
    expect(snapshot.objects.clusterRoles.some((r) => r.name === 'system:basic-user')).toBe(true);
    expect(snapshot.objects.clusterRoles.length).toBeGreaterThan(world.clusterRoles.length + 30);
    const requests = randomRequests(7, world, 2400);
    const outcomes = await compare(snapshot.index, requests);
    expectAgreement(outcomes, 2000);
    expect(outcomes.some((o) => 'path' in o.request.attrs && o.server)).toBe(true);
    expect(
      outcomes.some((o) => !('path' in o.request.attrs) && o.request.attrs.subresource && o.server),
    ).toBe(true);
  }, 120_000);
});
