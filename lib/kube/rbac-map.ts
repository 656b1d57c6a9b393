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

function toPolicyRule(r: V1PolicyRule): PolicyRule {
  const rule: PolicyRule = { verbs: r.verbs ?? [] };
  if (r.apiGroups) rule.apiGroups = r.apiGroups;
  if (r.resources) rule.resources = r.resources;
  if (r.resourceNames) rule.resourceNames = r.resourceNames;
  if (r.nonResourceURLs) rule.nonResourceURLs = r.nonResourceURLs;
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
  const role: Role = { kind, name: r.metadata?.name ?? '', rules: (r.rules ?? []).map(toPolicyRule) };
  if (kind === 'Role') role.namespace = r.metadata?.namespace ?? '';
  if (r.metadata?.labels) role.labels = r.metadata.labels;
  const aggregation = (r as V1ClusterRole).aggregationRule;
  if (kind === 'ClusterRole' && aggregation) role.aggregationRule = toAggregationRule(aggregation);
  return role;
}

const SUBJECT_KINDS = new Set<string>(['User', 'Group', 'ServiceAccount']);

function toSubject(s: RbacV1Subject): Subject | undefined {
  // The API server validates subject kinds, and upstream appliesToUser never matches any other kind.
  if (!SUBJECT_KINDS.has(s.kind)) return undefined;
  const subject: Subject = { kind: s.kind as SubjectKind, name: s.name };
  if (s.namespace) subject.namespace = s.namespace;
  if (s.apiGroup) subject.apiGroup = s.apiGroup;
  return subject;
}

/** Maps a RoleBinding or ClusterRoleBinding to the engine's plain data. */
export function toBinding(b: V1RoleBinding | V1ClusterRoleBinding, namespaced: boolean): Binding {
  const roleKind: RoleKind = b.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
  const binding: Binding = {
    kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
    name: b.metadata?.name ?? '',
    roleRef: { kind: roleKind, name: b.roleRef.name },
    subjects: (b.subjects ?? []).flatMap((s) => toSubject(s) ?? []),
  };
  if (namespaced) binding.namespace = b.metadata?.namespace ?? '';
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
