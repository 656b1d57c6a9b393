import { describe, expect, it } from 'vitest';
import { aggregatedRules } from '@/lib/rbac/aggregate';
import { SPECIAL_VERBS, STANDARD_VERBS } from '@/lib/k8s/verbs';
import { authorize } from '@/lib/rbac/decide';
import { generateWorld, type World } from './generate';
import { randomRequests } from './generate-requests';
import { buildRbacIndex } from '@/lib/rbac/rbac-index';
import type { Binding, PolicyRule, Role } from '@/lib/rbac/types';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// What the generator may emit: Kubernetes' verbs, the non-resource ones and the wildcard.
const VERBS = new Set([...STANDARD_VERBS, ...SPECIAL_VERBS, 'post', 'put', '*']);
const GROUPS = new Set(['', 'apps', 'batch', 'rbac.authorization.k8s.io', '*']);

// Mirrors ValidatePolicyRule in pkg/apis/rbac/validation/validation.go.
function ruleProblems(rule: PolicyRule, namespaced: boolean): string[] {
  const problems: string[] = [];
  if (rule.verbs.length === 0) problems.push('no verbs');
  if (rule.verbs.some((v) => !VERBS.has(v))) problems.push('odd verb');
  if (rule.nonResourceURLs?.length) {
    if (namespaced) problems.push('nonResourceURLs in a Role');
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length)
      problems.push('mixed rule');
    return problems;
  }
  if (!rule.apiGroups?.length) problems.push('no apiGroups');
  if (rule.apiGroups?.some((g) => !GROUPS.has(g))) problems.push('odd group');
  if (!rule.resources?.length) problems.push('no resources');
  return problems;
}

function bindingProblems(b: Binding): string[] {
  const problems: string[] = [];
  if (!DNS_SUBDOMAIN.test(b.name) || !DNS_SUBDOMAIN.test(b.roleRef.name)) problems.push(`name ${b.name}`);
  if (b.kind === 'ClusterRoleBinding' && b.roleRef.kind !== 'ClusterRole') problems.push('crb to Role');
  for (const s of b.subjects) {
    if (s.kind === 'ServiceAccount' && (s.apiGroup || !DNS_SUBDOMAIN.test(s.name))) problems.push('bad sa');
    if (s.kind === 'ServiceAccount' && b.kind === 'ClusterRoleBinding' && !s.namespace)
      problems.push('sa without ns');
    if (s.kind !== 'ServiceAccount' && s.apiGroup !== 'rbac.authorization.k8s.io')
      problems.push('bad apiGroup');
  }
  return problems;
}

function roleProblems(r: Role): string[] {
  const nameOk = DNS_SUBDOMAIN.test(r.name) && (r.namespace === undefined || DNS_SUBDOMAIN.test(r.namespace));
  return [
    ...(nameOk ? [] : [`name ${r.name}`]),
    ...r.rules.flatMap((rule) => ruleProblems(rule, r.kind === 'Role')),
  ];
}

const allRules = (w: World): PolicyRule[] => [...w.roles, ...w.clusterRoles].flatMap((r) => r.rules);

describe('generateWorld', () => {
  const world = generateWorld(7, { roleBindings: 300, clusterRoleBindings: 60, clusterRoles: 60, roles: 80 });

  it('is deterministic per seed', () => {
    expect(
      generateWorld(7, { roleBindings: 300, clusterRoleBindings: 60, clusterRoles: 60, roles: 80 }),
    ).toEqual(world);
    expect(generateWorld(8)).not.toEqual(generateWorld(7));
  });

  it('produces objects a real API server accepts', () => {
    expect([...world.roles, ...world.clusterRoles].flatMap(roleProblems)).toEqual([]);
    expect([...world.roleBindings, ...world.clusterRoleBindings].flatMap(bindingProblems)).toEqual([]);
    expect(world.namespaces.every((ns) => DNS_SUBDOMAIN.test(ns) && ns.length <= 63)).toBe(true);
    const ids = [...world.roleBindings, ...world.clusterRoleBindings].map(
      (b) => `${b.kind}/${b.namespace}/${b.name}`,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers the edge cases the engine must handle', () => {
    const rules = allRules(world);
    const has = (pred: (r: PolicyRule) => boolean) => rules.some(pred);
    expect(has((r) => r.verbs.includes('*'))).toBe(true);
    expect(has((r) => r.apiGroups?.includes('*') ?? false)).toBe(true);
    expect(has((r) => r.resources?.some((x) => x.startsWith('*')) ?? false)).toBe(true);
    expect(has((r) => (r.resourceNames?.length ?? 0) > 0)).toBe(true);
    expect(has((r) => r.resources?.includes('pods/log') ?? false)).toBe(true);
    expect(has((r) => r.resources?.includes('serviceaccounts/token') ?? false)).toBe(true);
    expect(has((r) => r.nonResourceURLs?.some((u) => u.endsWith('*')) ?? false)).toBe(true);
    const subjects = [...world.roleBindings, ...world.clusterRoleBindings].flatMap((b) => b.subjects);
    expect(subjects.some((s) => s.kind === 'Group' && s.name.startsWith('system:serviceaccounts'))).toBe(
      true,
    );
    expect(subjects.some((s) => s.kind === 'ServiceAccount' && !s.namespace)).toBe(true);
    expect(subjects.some((s) => s.kind === 'User')).toBe(true);
  });

  it('materializes aggregated ClusterRoles as the controller would', () => {
    const aggregated = world.clusterRoles.filter((r) => r.aggregationRule);
    expect(aggregated.length).toBeGreaterThan(0);
    expect(aggregated.some((r) => r.rules.length > 0)).toBe(true);
    for (const r of aggregated) expect(r.rules).toEqual(aggregatedRules(r, world.clusterRoles));
  });

  it('honours the name prefix', () => {
    const w = generateWorld(1, {}, { prefix: 'zz-' });
    expect(w.clusterRoles.every((r) => r.name.startsWith('zz-'))).toBe(true);
    expect(w.namespaces.every((n) => n.startsWith('zz-'))).toBe(true);
  });
});

describe('randomRequests', () => {
  it('is deterministic and allows roughly half of the requests', () => {
    const world = generateWorld(11, { roleBindings: 200, clusterRoleBindings: 40 });
    const requests = randomRequests(3, world, 2000);
    expect(randomRequests(3, world, 2000)).toEqual(requests);
    const index = buildRbacIndex(world);
    const allowed = requests.filter(({ user, attrs }) => authorize(index, user, attrs).allowed).length;
    expect(allowed / requests.length).toBeGreaterThan(0.45);
    expect(allowed / requests.length).toBeLessThan(0.55);
  });

  it('mixes resource and non-resource requests, with and without names', () => {
    const requests = randomRequests(5, generateWorld(5), 1000);
    expect(requests.some((r) => 'path' in r.attrs)).toBe(true);
    expect(requests.some((r) => 'resource' in r.attrs && r.attrs.subresource)).toBe(true);
    expect(requests.some((r) => 'resource' in r.attrs && r.attrs.name === undefined)).toBe(true);
    expect(requests.some((r) => r.user.username.startsWith('system:serviceaccount:'))).toBe(true);
  });
});
