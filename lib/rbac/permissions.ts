/**
 * Everything a user can do, flattened from the bindings that reach them, and the bindings themselves.
 */
import { grantSource } from './decide';
import { type AppliedBinding, bindingsReachingUser, type RbacIndex, resolveRole } from './rbac-index';
import type {
  AggregationRule,
  BindingRef,
  GrantSource,
  PolicyRule,
  RoleRef,
  Subject,
  UserInfo,
} from './types';

/** One rule as it applies to a user; namespace null means cluster-wide through a ClusterRoleBinding. */
export interface EffectiveRule {
  namespace: string | null;
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  grantedBy: GrantSource[];
}

export interface EffectivePermissions {
  rules: EffectiveRule[];
}

/** A binding reaching a user, with the role it references and that role's rules (empty if missing). */
export interface UserBinding {
  binding: BindingRef;
  role: RoleRef;
  roleFound: boolean;
  /** null for a ClusterRoleBinding, which applies in every namespace and cluster-wide. */
  namespace: string | null;
  /** The first subject of the binding that matched the user, as upstream reports it. */
  subject: Subject;
  rules: PolicyRule[];
  aggregationRule?: AggregationRule;
}

/** Lists the bindings that reach the user directly or through a group, ClusterRoleBindings first. */
export function bindingsFor(index: RbacIndex, user: UserInfo): UserBinding[] {
  return bindingsReachingUser(index, user).map((applied) => {
    const role = resolveRole(index, applied.entry.binding.roleRef, applied.entry.scope ?? '');
    const source = grantSource(applied);
    const out: UserBinding = {
      binding: source.binding,
      role: source.role,
      roleFound: role !== undefined,
      namespace: applied.entry.scope,
      subject: applied.subject,
      rules: role?.rules ?? [],
    };
    if (role?.aggregationRule) out.aggregationRule = role.aggregationRule;
    return out;
  });
}

const normalized = (list: readonly string[] | undefined): string[] => [...new Set(list ?? [])].sort();

/** Builds the key under which semantically identical rules in the same namespace are merged. */
export function effectiveRuleKey(namespace: string | null, rule: PolicyRule): string {
  return JSON.stringify([
    namespace,
    normalized(rule.apiGroups),
    normalized(rule.resources),
    normalized(rule.verbs),
    normalized(rule.resourceNames),
    normalized(rule.nonResourceURLs),
  ]);
}

/**
 * Narrows a rule to what it can authorize through this binding: RoleBindings are only consulted for
 * namespaced resource requests, so their nonResourceURLs never take effect (SelfSubjectRulesReview
 * would still list them).
 */
export function effectivePart(rule: PolicyRule, namespace: string | null): PolicyRule | undefined {
  if (namespace === null || (rule.nonResourceURLs ?? []).length === 0) return rule;
  if ((rule.resources ?? []).length === 0) return undefined;
  const { nonResourceURLs: _dropped, ...rest } = rule;
  return rest;
}

function toEffectiveRule(namespace: string | null, rule: PolicyRule): EffectiveRule {
  const out: EffectiveRule = {
    namespace,
    apiGroups: [...(rule.apiGroups ?? [])],
    resources: [...(rule.resources ?? [])],
    verbs: [...rule.verbs],
    grantedBy: [],
  };
  if ((rule.resourceNames ?? []).length > 0) out.resourceNames = [...(rule.resourceNames ?? [])];
  if ((rule.nonResourceURLs ?? []).length > 0) out.nonResourceURLs = [...(rule.nonResourceURLs ?? [])];
  return out;
}

function addGrant(target: EffectiveRule, source: GrantSource): void {
  const same = target.grantedBy.some(
    (g) =>
      g.binding.kind === source.binding.kind &&
      g.binding.name === source.binding.name &&
      g.binding.namespace === source.binding.namespace,
  );
  if (!same) target.grantedBy.push(source);
}

function addBindingRules(
  index: RbacIndex,
  applied: AppliedBinding,
  merged: Map<string, EffectiveRule>,
): void {
  const namespace = applied.entry.scope;
  const role = resolveRole(index, applied.entry.binding.roleRef, namespace ?? '');
  const source = grantSource(applied);
  for (const raw of role?.rules ?? []) {
    const rule = effectivePart(raw, namespace);
    if (!rule) continue;
    const key = effectiveRuleKey(namespace, rule);
    let target = merged.get(key);
    if (!target) {
      target = toEffectiveRule(namespace, rule);
      merged.set(key, target);
    }
    addGrant(target, source);
  }
}

/** Flattens every rule the user holds, merging identical rules from different bindings. */
export function effectivePermissions(index: RbacIndex, user: UserInfo): EffectivePermissions {
  const merged = new Map<string, EffectiveRule>();
  for (const applied of bindingsReachingUser(index, user)) addBindingRules(index, applied, merged);
  return { rules: [...merged.values()] };
}
