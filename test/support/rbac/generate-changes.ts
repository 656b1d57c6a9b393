/**
 * fast-check arbitraries of RBAC watch traffic for the incremental index's property test: objects
 * drawn from a small universe of names (so changes collide), wildcard and non-resource rules,
 * aggregation labels and selectors, group subjects, and the ways a watch delivers them.
 */
import fc from 'fast-check';
import type { RbacObjectKind } from '@/lib/rbac/rbac-store';
import type { AggregationRule, Binding, PolicyRule, Role, Subject } from '@/lib/rbac/types';

const NAMESPACES = ['a', 'b'];
const AGG = 'example.com/aggregate-to-tools';

const ruleArb: fc.Arbitrary<PolicyRule> = fc.oneof(
  fc.record({
    verbs: fc.subarray(['get', 'list', 'create', '*'], { minLength: 1 }),
    apiGroups: fc.constantFrom<string[]>([''], ['*'], ['apps'], ['', 'apps']),
    resources: fc.constantFrom<string[]>(
      ['pods'],
      ['*'],
      ['serviceaccounts/token'],
      ['secrets', 'pods'],
      ['deployments'],
    ),
    resourceNames: fc.option(fc.constantFrom<string[]>(['web'], ['web', 'db']), { nil: undefined }),
  }),
  fc.record({
    verbs: fc.subarray(['get', '*'], { minLength: 1 }),
    nonResourceURLs: fc.constantFrom<string[]>(['/healthz'], ['*']),
  }),
);

const subjectArb: fc.Arbitrary<Subject> = fc.constantFrom<Subject>(
  { kind: 'ServiceAccount', name: 'x', namespace: 'a' },
  { kind: 'ServiceAccount', name: 'y', namespace: 'b' },
  { kind: 'ServiceAccount', name: 'x' },
  { kind: 'User', name: 'alice' },
  { kind: 'User', name: 'system:serviceaccount:a:x' },
  { kind: 'Group', name: 'system:serviceaccounts' },
  { kind: 'Group', name: 'system:serviceaccounts:a' },
  { kind: 'Group', name: 'system:authenticated' },
  { kind: 'Group', name: 'devs' },
);

const rulesArb = fc.array(ruleArb, { maxLength: 3 });
const labelsArb = fc.constantFrom<Record<string, string> | undefined>(
  undefined,
  { [AGG]: 'true' },
  { [AGG]: 'false' },
);
const aggregationArb = fc.option(
  fc.constantFrom<AggregationRule>(
    { clusterRoleSelectors: [{ matchLabels: { [AGG]: 'true' } }] },
    { clusterRoleSelectors: [{ matchExpressions: [{ key: AGG, operator: 'Exists' }] }] },
  ),
  { nil: undefined },
);

const roleArb: fc.Arbitrary<Role> = fc.oneof(
  fc
    .record({ ns: fc.constantFrom(...NAMESPACES), name: fc.constantFrom('r1', 'r2'), rules: rulesArb })
    .map(({ ns, name, rules }): Role => ({ kind: 'Role', namespace: ns, name, rules })),
  fc
    .record({
      name: fc.constantFrom('c1', 'c2', 'c3', 'tools'),
      rules: rulesArb,
      labels: labelsArb,
      agg: aggregationArb,
    })
    .map(
      ({ name, rules, labels, agg }): Role => ({
        kind: 'ClusterRole',
        name,
        rules,
        ...(labels ? { labels } : {}),
        ...(agg ? { aggregationRule: agg } : {}),
      }),
    ),
);

const roleRefArb = fc.oneof(
  fc
    .constantFrom('c1', 'c2', 'c3', 'tools', 'missing')
    .map((name) => ({ kind: 'ClusterRole' as const, name })),
  fc.constantFrom('r1', 'r2').map((name) => ({ kind: 'Role' as const, name })),
);

const bindingArb: fc.Arbitrary<Binding> = fc
  .record({
    cluster: fc.boolean(),
    ns: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom('b1', 'b2', 'b3'),
    roleRef: roleRefArb,
    subjects: fc.uniqueArray(subjectArb, { maxLength: 3 }),
  })
  .map(
    ({ cluster, ns, name, roleRef, subjects }): Binding =>
      cluster
        ? { kind: 'ClusterRoleBinding', name, roleRef, subjects }
        : { kind: 'RoleBinding', namespace: ns, name, roleRef, subjects },
  );

// `missed`: the watch dropped the event (the kind is relisted before the index is trusted again).
// `lastSeen`: a relist's diff reports a deletion with the version it last saw, not the deletion's own.
/** One step of watch traffic, or of the cluster acting behind the watch. */
export type WatchOp =
  | { op: 'put'; object: Role | Binding; missed: boolean }
  | { op: 'delete'; pick: number; missed: boolean; lastSeen: boolean }
  | { op: 'replay'; pick: number }
  | { op: 'relist'; kind: RbacObjectKind }
  | { op: 'aggregate' };

const missedArb = fc.oneof(
  { arbitrary: fc.constant(false), weight: 9 },
  { arbitrary: fc.constant(true), weight: 1 },
);

/** Draws one step; most are delivered changes, some missed, replayed or relisted. */
export const watchOpArb: fc.Arbitrary<WatchOp> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('put' as const),
      object: fc.oneof(roleArb, bindingArb),
      missed: missedArb,
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      pick: fc.nat(),
      missed: missedArb,
      lastSeen: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: fc.nat().map((pick) => ({ op: 'replay' as const, pick })), weight: 2 },
  {
    arbitrary: fc
      .constantFrom<RbacObjectKind>('Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding')
      .map((kind) => ({ op: 'relist' as const, kind })),
    weight: 1,
  },
  { arbitrary: fc.constant({ op: 'aggregate' as const }), weight: 1 },
);
