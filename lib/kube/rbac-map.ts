import 'server-only';
import type {
  KubernetesObject,
  RbacV1Subject,
  V1AggregationRule,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1PolicyRule,
  V1Role,
  V1RoleBinding,
} from '@kubernetes/client-node';
import type { ObjectVersion, RbacObjectKind } from '@/lib/rbac/rbac-store';
import type {
  AggregationRule,
  Binding,
  PolicyRule,
  Role,
  RoleKind,
  Subject,
  SubjectKind,
} from '@/lib/rbac/types';

// Watch events and raw lists carry the API's JSON, whose field names are the ones client-node's V1
// types use, so listed, watched and raw-listed objects all go through these mappers.

/**
 * One copy of each name the mapped objects share. JSON.parse gives every object its own copy of
 * each longer string, so at the 100k-binding world the watch-fed index held ~200,000 copies of
 * "ServiceAccount", a copy of a ServiceAccount's name per binding naming it, of a role's name per
 * binding of it, of "serviceaccounts" per rule. The pool is emptied when it grows past its bound
 * (names of deleted objects would otherwise stay); strings are then shared again as they come.
 */
const pool = new Map<string, string>();
const POOL_MAX = 400_000;
function intern(s: string): string {
  const held = pool.get(s);
  if (held !== undefined) return held;
  if (pool.size >= POOL_MAX) pool.clear();
  pool.set(s, s);
  return s;
}
const internAll = (list: string[]): string[] => list.map(intern);

function toPolicyRule(r: V1PolicyRule): PolicyRule {
  const rule: PolicyRule = { verbs: internAll(r.verbs ?? []) };
  if (r.apiGroups) rule.apiGroups = internAll(r.apiGroups);
  if (r.resources) rule.resources = internAll(r.resources);
  if (r.resourceNames) rule.resourceNames = internAll(r.resourceNames);
  if (r.nonResourceURLs) rule.nonResourceURLs = internAll(r.nonResourceURLs);
  return rule;
}

function toAggregationRule(a: V1AggregationRule): AggregationRule {
  return {
    clusterRoleSelectors: (a.clusterRoleSelectors ?? []).map((s) => ({
      ...(s.matchLabels ? { matchLabels: s.matchLabels } : {}),
      ...(s.matchExpressions
        ? {
            matchExpressions: s.matchExpressions.map((e) => ({
              key: e.key,
              operator: e.operator,
              ...(e.values ? { values: e.values } : {}),
            })),
          }
        : {}),
    })),
  };
}

/** Maps a Role or ClusterRole to the engine's plain data. */
export function toRole(kind: RoleKind, r: V1Role | V1ClusterRole): Role {
  const role: Role = { kind, name: intern(r.metadata?.name ?? ''), rules: (r.rules ?? []).map(toPolicyRule) };
  if (kind === 'Role') role.namespace = intern(r.metadata?.namespace ?? '');
  if (r.metadata?.labels) role.labels = r.metadata.labels;
  const aggregation = (r as V1ClusterRole).aggregationRule;
  if (kind === 'ClusterRole' && aggregation) role.aggregationRule = toAggregationRule(aggregation);
  return role;
}

const SUBJECT_KINDS = new Set<string>(['User', 'Group', 'ServiceAccount']);

function toSubject(s: RbacV1Subject): Subject | undefined {
  // The API server validates subject kinds, and upstream appliesToUser never matches any other kind.
  if (!SUBJECT_KINDS.has(s.kind)) return undefined;
  const subject: Subject = { kind: intern(s.kind) as SubjectKind, name: intern(s.name) };
  if (s.namespace) subject.namespace = intern(s.namespace);
  if (s.apiGroup) subject.apiGroup = intern(s.apiGroup);
  return subject;
}

/** Maps a RoleBinding or ClusterRoleBinding to the engine's plain data. */
export function toBinding(b: V1RoleBinding | V1ClusterRoleBinding, namespaced: boolean): Binding {
  const roleKind: RoleKind = b.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
  const binding: Binding = {
    kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
    name: b.metadata?.name ?? '',
    roleRef: { kind: roleKind, name: intern(b.roleRef.name) },
    subjects: (b.subjects ?? []).flatMap((s) => toSubject(s) ?? []),
  };
  if (namespaced) binding.namespace = intern(b.metadata?.namespace ?? '');
  return binding;
}

/** Maps a watched or listed RBAC object of a kind to the engine's data and its version. */
export function toVersionedRbacObject(
  kind: RbacObjectKind,
  raw: KubernetesObject,
): { object: Role | Binding; version: ObjectVersion } {
  const object =
    kind === 'Role' || kind === 'ClusterRole'
      ? toRole(kind, raw as V1Role)
      : toBinding(raw as V1RoleBinding, kind === 'RoleBinding');
  return { object, version: { uid: raw.metadata?.uid, resourceVersion: raw.metadata?.resourceVersion } };
}

/**
 * An RBAC object as the API sent it, with only what toVersionedRbacObject reads: name, namespace,
 * uid, resourceVersion, labels, rules, aggregationRule, roleRef, subjects. A watch's list of the
 * 100k-binding world held 90,000 RoleBindings at once, about 1.2 kB each with managedFields; this
 * keeps a few hundred bytes of each.
 */
export function slimRbacObject(o: KubernetesObject): KubernetesObject {
  const m = o.metadata ?? {};
  const r = o as KubernetesObject & {
    rules?: unknown;
    aggregationRule?: unknown;
    roleRef?: unknown;
    subjects?: unknown;
  };
  return {
    ...(o.apiVersion ? { apiVersion: o.apiVersion } : {}),
    ...(o.kind ? { kind: o.kind } : {}),
    metadata: {
      ...(m.name !== undefined ? { name: m.name } : {}),
      ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
      ...(m.uid !== undefined ? { uid: m.uid } : {}),
      ...(m.resourceVersion !== undefined ? { resourceVersion: m.resourceVersion } : {}),
      ...(m.labels ? { labels: m.labels } : {}),
    },
    ...(r.rules !== undefined ? { rules: r.rules } : {}),
    ...(r.aggregationRule !== undefined ? { aggregationRule: r.aggregationRule } : {}),
    ...(r.roleRef !== undefined ? { roleRef: r.roleRef } : {}),
    ...(r.subjects !== undefined ? { subjects: r.subjects } : {}),
  } as KubernetesObject;
}
