/**
 * Deterministic random RBAC worlds for property tests, the API-server comparison test and benchmarks.
 * Every object is valid for a real API server: DNS-1123 names, resource rules with apiGroups and
 * resources, nonResourceURLs only in ClusterRoles, namespaced ServiceAccount subjects in ClusterRoleBindings.
 */
import { materializeAggregation } from '@/lib/rbac/aggregate';
import { RBAC_API_GROUP, type RuleContext, randomRules, type ServiceAccountRef } from './generate-rules';
import { ALL_SERVICE_ACCOUNTS_GROUP, AUTHENTICATED_GROUP, SERVICE_ACCOUNT_GROUP_PREFIX } from '@/lib/rbac/identity';
import { createRng, type Rng } from './random';
import type { Binding, RbacObjects, Role, RoleRef, Subject, UserInfo } from '@/lib/rbac/types';

export type { ServiceAccountRef } from './generate-rules';

export interface WorldSizes {
  namespaces: number;
  serviceAccounts: number;
  users: number;
  groups: number;
  roles: number;
  clusterRoles: number;
  roleBindings: number;
  clusterRoleBindings: number;
}

export interface World extends RbacObjects {
  /** Prefix of every generated name, so a world can live beside a cluster's own objects. */
  prefix: string;
  namespaces: string[];
  serviceAccounts: ServiceAccountRef[];
  users: UserInfo[];
  groups: string[];
}

export interface WorldOptions {
  /** Name prefix, a DNS-1123 label fragment (default 'ts-'). */
  prefix?: string;
}

export const DEFAULT_WORLD_SIZES: WorldSizes = {
  namespaces: 4,
  serviceAccounts: 40,
  users: 8,
  groups: 5,
  roles: 30,
  clusterRoles: 25,
  roleBindings: 120,
  clusterRoleBindings: 25,
};

/** Sizes of the performance target: 10,000 bindings, 2,000 roles, 5,000 ServiceAccounts. */
export const BENCHMARK_WORLD_SIZES: WorldSizes = {
  namespaces: 50,
  serviceAccounts: 5000,
  users: 200,
  groups: 40,
  roles: 1500,
  clusterRoles: 500,
  roleBindings: 9000,
  clusterRoleBindings: 1000,
};

const AGGREGATE_LABEL_PREFIX = 'tokenscope.test/aggregate-to-';

interface Draft extends RuleContext {
  rng: Rng;
  prefix: string;
  namespaces: string[];
  users: UserInfo[];
  groups: string[];
}

function makeClusterRoles(draft: Draft, count: number): Role[] {
  const { rng, prefix } = draft;
  const aggregated = Math.floor(count / 10);
  const targets = Array.from({ length: aggregated }, (_, i) => `${prefix}agg-${i}`);
  const plain = Array.from({ length: count - aggregated }, (_, i): Role => {
    const role: Role = {
      kind: 'ClusterRole',
      name: `${prefix}cr-${i}`,
      rules: randomRules(rng, draft, undefined),
    };
    if (targets.length > 0 && rng.chance(0.3))
      role.labels = { [`${AGGREGATE_LABEL_PREFIX}${rng.pick(targets)}`]: 'true' };
    return role;
  });
  const aggregates = targets.map(
    (name): Role => ({
      kind: 'ClusterRole',
      name,
      rules: [],
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { [`${AGGREGATE_LABEL_PREFIX}${name}`]: 'true' } }],
      },
    }),
  );
  return materializeAggregation([...plain, ...aggregates]);
}

function makeRoles(draft: Draft, count: number): Role[] {
  return Array.from({ length: count }, (_, i): Role => {
    const namespace = draft.rng.pick(draft.namespaces);
    return {
      kind: 'Role',
      name: `${draft.prefix}role-${i}`,
      namespace,
      rules: randomRules(draft.rng, draft, namespace),
    };
  });
}

function subjectFor(draft: Draft, namespace: string | undefined): Subject {
  const { rng } = draft;
  const roll = rng.next();
  if (roll < 0.5) {
    const local = namespace ? draft.saByNamespace.get(namespace) : undefined;
    const sa = local?.length && rng.chance(0.8) ? rng.pick(local) : rng.pick(draft.serviceAccounts);
    // Inside a RoleBinding the namespace may be omitted for the binding's own ServiceAccounts.
    const omit = namespace !== undefined && sa.namespace === namespace && rng.chance(0.5);
    return omit
      ? { kind: 'ServiceAccount', name: sa.name }
      : { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace };
  }
  if (roll < 0.75) return { kind: 'User', apiGroup: RBAC_API_GROUP, name: rng.pick(draft.users).username };
  return { kind: 'Group', apiGroup: RBAC_API_GROUP, name: groupSubjectName(draft, namespace) };
}

function groupSubjectName(draft: Draft, namespace: string | undefined): string {
  const { rng } = draft;
  // Broad system groups stay rare in ClusterRoleBindings, or nearly every request would be allowed.
  const special = rng.chance(namespace ? 0.15 : 0.03);
  if (!special) return rng.pick(draft.groups);
  const ns = namespace ?? rng.pick(draft.namespaces);
  return rng.pick([ALL_SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNT_GROUP_PREFIX}${ns}`, AUTHENTICATED_GROUP]);
}

function roleRefFor(
  draft: Draft,
  namespace: string | undefined,
  byNs: Map<string, Role[]>,
  cluster: Role[],
): RoleRef {
  const { rng, prefix } = draft;
  if (rng.chance(0.04))
    return {
      kind: namespace ? rng.pick(['Role', 'ClusterRole'] as const) : 'ClusterRole',
      name: `${prefix}missing-${rng.int(5)}`,
    };
  const local = namespace ? byNs.get(namespace) : undefined;
  if (local?.length && rng.chance(0.6)) return { kind: 'Role', name: rng.pick(local).name };
  return { kind: 'ClusterRole', name: rng.pick(cluster).name };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function makeBindings(
  draft: Draft,
  count: number,
  namespaced: boolean,
  roles: Role[],
  cluster: Role[],
): Binding[] {
  const byNs = groupBy(roles, (role) => role.namespace ?? '');
  return Array.from({ length: count }, (_, i): Binding => {
    const namespace = namespaced ? draft.rng.pick(draft.namespaces) : undefined;
    const subjects = Array.from({ length: draft.rng.between(1, 3) }, () => subjectFor(draft, namespace));
    const roleRef = roleRefFor(draft, namespace, byNs, cluster);
    return namespaced
      ? { kind: 'RoleBinding', name: `${draft.prefix}rb-${i}`, namespace, roleRef, subjects }
      : { kind: 'ClusterRoleBinding', name: `${draft.prefix}crb-${i}`, roleRef, subjects };
  });
}

function makeDraft(seed: number, sizes: WorldSizes, prefix: string): Draft {
  const rng = createRng(seed);
  const namespaces = Array.from({ length: Math.max(1, sizes.namespaces) }, (_, i) => `${prefix}ns-${i}`);
  const serviceAccounts = Array.from({ length: Math.max(1, sizes.serviceAccounts) }, (_, i) => ({
    namespace: namespaces[i % namespaces.length] ?? `${prefix}ns-0`,
    // The first account of each namespace is "default", like the one every namespace gets.
    name: i < namespaces.length ? 'default' : `sa-${i}`,
  }));
  const saByNamespace = groupBy(serviceAccounts, (sa) => sa.namespace);
  const groups = Array.from({ length: Math.max(1, sizes.groups) }, (_, i) => `${prefix}group-${i}`);
  const users = Array.from({ length: Math.max(1, sizes.users) }, (_, i) => ({
    username: `${prefix}user-${i}`,
    groups: [...rng.sample(groups, rng.int(3)), AUTHENTICATED_GROUP],
  }));
  return { rng, prefix, namespaces, serviceAccounts, saByNamespace, users, groups };
}

/** Generates a reproducible world of RBAC objects, identities and namespaces from a seed. */
export function generateWorld(
  seed: number,
  sizes: Partial<WorldSizes> = {},
  options: WorldOptions = {},
): World {
  const full = { ...DEFAULT_WORLD_SIZES, ...sizes };
  const prefix = options.prefix ?? 'ts-';
  const draft = makeDraft(seed, full, prefix);
  const clusterRoles = makeClusterRoles(draft, Math.max(1, full.clusterRoles));
  const roles = makeRoles(draft, full.roles);
  return {
    prefix,
    namespaces: draft.namespaces,
    serviceAccounts: draft.serviceAccounts,
    users: draft.users,
    groups: draft.groups,
    roles,
    clusterRoles,
    roleBindings: makeBindings(draft, full.roleBindings, true, roles, clusterRoles),
    clusterRoleBindings: makeBindings(draft, full.clusterRoleBindings, false, roles, clusterRoles),
  };
}
