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

// Roles are shared by many bindings and users, so a rule object's key is computed once.
const ruleKeys = new WeakMap<PolicyRule, string>();

/** Builds a key equal for rules with the same lists, ignoring order and duplicates. */
export function ruleKey(rule: PolicyRule): string {
  let key = ruleKeys.get(rule);
  if (key === undefined) {
    key = JSON.stringify([
      normalized(rule.apiGroups),
      normalized(rule.resources),
      normalized(rule.verbs),
      normalized(rule.resourceNames),
      normalized(rule.nonResourceURLs),
    ]);
    ruleKeys.set(rule, key);
  }
  return key;
}

/** Builds the key under which semantically identical rules in the same namespace are merged. */
export function effectiveRuleKey(namespace: string | null, rule: PolicyRule): string {
  return `${JSON.stringify(namespace)}${ruleKey(rule)}`;
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

/** An effective rule with the first role rule it came from, for callers that cache per rule object. */
export interface SourcedRule {
  effective: EffectiveRule;
  source: PolicyRule;
}

interface Slot extends SourcedRule {
  /** Bindings are visited one at a time, so remembering the last one suffices to skip repeats. */
  lastBinding: string;
}

// Keyed by scope, then by the cached rule key, so lookups hash strings V8 has already hashed.
type Slots = Map<string | null, Map<string, Slot>>;

function slotFor(merged: Slots, namespace: string | null, rule: PolicyRule): Slot {
  let scoped = merged.get(namespace);
  if (!scoped) {
    scoped = new Map();
    merged.set(namespace, scoped);
  }
  const key = ruleKey(rule);
  let slot = scoped.get(key);
  if (!slot) {
    slot = { effective: toEffectiveRule(namespace, rule), source: rule, lastBinding: '' };
    scoped.set(key, slot);
  }
  return slot;
}

function addBindingRules(index: RbacIndex, applied: AppliedBinding, merged: Slots): void {
  const namespace = applied.entry.scope;
  const role = resolveRole(index, applied.entry.binding.roleRef, namespace ?? '');
  let grant: GrantSource | undefined;
  for (const raw of role?.rules ?? []) {
    const rule = effectivePart(raw, namespace);
    if (!rule) continue;
    const slot = slotFor(merged, namespace, rule);
    // One entry per binding, even when its role repeats an equivalent rule.
    if (slot.lastBinding === applied.entry.id) continue;
    slot.lastBinding = applied.entry.id;
    grant ??= grantSource(applied);
    slot.effective.grantedBy.push(grant);
  }
}

/** Flattens the user's rules like effectivePermissions, keeping each entry's source rule. */
export function sourcedEffectiveRules(index: RbacIndex, user: UserInfo): SourcedRule[] {
  const merged: Slots = new Map();
  for (const applied of bindingsReachingUser(index, user)) addBindingRules(index, applied, merged);
  const out: SourcedRule[] = [];
  for (const scoped of merged.values()) {
    for (const { effective, source } of scoped.values()) out.push({ effective, source });
  }
  return out;
}

/** Flattens every rule the user holds, merging identical rules from different bindings. */
export function effectivePermissions(index: RbacIndex, user: UserInfo): EffectivePermissions {
  return { rules: sourcedEffectiveRules(index, user).map((r) => r.effective) };
}
