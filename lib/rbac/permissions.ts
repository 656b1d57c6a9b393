/**
 * Everything a user can do, flattened from the bindings that reach them, and the bindings themselves.
 */
import { grantSource } from './decide';
import { ALL_SERVICE_ACCOUNTS_GROUP, AUTHENTICATED_GROUP } from './identity';
import {
  type AppliedBinding,
  bindingsOfGroups,
  bindingsReachingUser,
  type IndexedBinding,
  type RbacIndex,
  resolveRole,
  visitOrder,
} from './rbac-index';
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

/**
 * Flattens the user's rules like effectivePermissions, keeping each entry's source rule, by visiting
 * every binding that reaches it (the definition; sourcedEffectiveRules gives the same answer faster).
 */
export function sourcedEffectiveRulesDirect(index: RbacIndex, user: UserInfo): SourcedRule[] {
  const merged: Slots = new Map();
  for (const applied of bindingsReachingUser(index, user)) addBindingRules(index, applied, merged);
  const out: SourcedRule[] = [];
  for (const scoped of merged.values()) {
    for (const { effective, source } of scoped.values()) out.push({ effective, source });
  }
  return out;
}

/**
 * Groups every ServiceAccount (and every authenticated user) holds. In a large world the bindings to
 * them are the bulk of each account's answer and the same for every account, so that part is
 * computed once per index revision and shared (frozen) by every answer.
 */
export const SHARED_GROUPS: readonly string[] = [ALL_SERVICE_ACCOUNTS_GROUP, AUTHENTICATED_GROUP];

// Below this many bindings to the shared groups the direct visit is as fast as the cache is to fill.
export const SHARED_FROM = 64;

/** How many bindings name the groups (a binding naming two of them counts twice). */
export function sharedBindingCount(index: RbacIndex, groups: ReadonlySet<string>): number {
  let count = 0;
  for (const group of groups) count += index.byGroup.get(group)?.length ?? 0;
  return count;
}

/** Where a rule first appears in the visit: its binding, then its position in the role's rules. */
interface Pos {
  entry: IndexedBinding;
  rule: number;
}

const posOrder = (a: Pos, b: Pos): number => visitOrder(a.entry, b.entry) || a.rule - b.rule;

interface Grant1 {
  entry: IndexedBinding;
  grant: GrantSource;
}

/** One merged rule as its contributions build it: first position, first source rule, grants. */
interface Part {
  namespace: string | null;
  key: string;
  pos: Pos;
  source: PolicyRule;
  grants: Grant1[];
}

interface SharedScope {
  namespace: string | null;
  pos: Pos;
  parts: Part[];
  rules: SourcedRule[];
  byKey: Map<string, number>;
}

interface SharedPart {
  revision: number;
  scopes: SharedScope[];
  byScope: Map<string | null, SharedScope>;
  flat: SourcedRule[];
}

/** Collects the rule contributions of applied bindings (in visiting order), keyed by scope and rule. */
function contributions(
  index: RbacIndex,
  applied: readonly AppliedBinding[],
): Map<string | null, Map<string, Part>> {
  const out = new Map<string | null, Map<string, Part>>();
  for (const a of applied) {
    const namespace = a.entry.scope;
    const role = resolveRole(index, a.entry.binding.roleRef, namespace ?? '');
    let grant: GrantSource | undefined;
    const rules = role?.rules ?? [];
    for (let i = 0; i < rules.length; i++) {
      const raw = rules[i];
      const rule = raw && effectivePart(raw, namespace);
      if (!rule) continue;
      let scoped = out.get(namespace);
      if (!scoped) {
        scoped = new Map();
        out.set(namespace, scoped);
      }
      const key = ruleKey(rule);
      let part = scoped.get(key);
      if (!part) {
        part = { namespace, key, pos: { entry: a.entry, rule: i }, source: rule, grants: [] };
        scoped.set(key, part);
      }
      if (part.grants[part.grants.length - 1]?.entry === a.entry) continue;
      grant ??= grantSource(a);
      part.grants.push({ entry: a.entry, grant });
    }
  }
  return out;
}

function sourcedOf(part: Part): SourcedRule {
  const effective = toEffectiveRule(part.namespace, part.source);
  effective.grantedBy = part.grants.map((g) => g.grant);
  return { effective, source: part.source };
}

function frozen(rule: SourcedRule): SourcedRule {
  const e = rule.effective;
  for (const list of [e.apiGroups, e.resources, e.verbs, e.resourceNames, e.nonResourceURLs, e.grantedBy])
    if (list) Object.freeze(list);
  Object.freeze(e);
  return Object.freeze(rule);
}

const sharedParts = new WeakMap<RbacIndex, Map<string, SharedPart>>();

function sharedPart(index: RbacIndex, groups: ReadonlySet<string>): SharedPart {
  const cacheKey = [...groups].join('\n');
  let byGroups = sharedParts.get(index);
  const cached = byGroups?.get(cacheKey);
  if (cached && cached.revision === index.revision) return cached;
  const scopes: SharedScope[] = [];
  for (const [namespace, scoped] of contributions(index, bindingsOfGroups(index, groups))) {
    const parts = [...scoped.values()];
    const first = parts[0];
    if (!first) continue;
    const rules = parts.map((p) => frozen(sourcedOf(p)));
    scopes.push({ namespace, pos: first.pos, parts, rules, byKey: new Map(parts.map((p, i) => [p.key, i])) });
  }
  const part: SharedPart = {
    revision: index.revision,
    scopes,
    byScope: new Map(scopes.map((s) => [s.namespace, s])),
    flat: scopes.flatMap((s) => s.rules),
  };
  if (!byGroups) {
    byGroups = new Map();
    sharedParts.set(index, byGroups);
  }
  byGroups.set(cacheKey, part);
  return part;
}

function mergeGrants(
  shared: readonly Grant1[],
  own: readonly Grant1[],
  ownEntries: ReadonlySet<IndexedBinding>,
): Grant1[] {
  const kept = shared.filter((g) => !ownEntries.has(g.entry));
  if (kept.length === 0) return [...own];
  return [...kept, ...own].sort((a, b) => visitOrder(a.entry, b.entry));
}

/**
 * Flattens the user's rules like effectivePermissions, keeping each entry's source rule. The rules
 * reached through the shared groups come from a per-revision cache; the user's other bindings
 * (usually a few) are merged in, in the order the direct visit would produce (equal to
 * sourcedEffectiveRulesDirect: same rules, same order, same grants).
 */
export function sourcedEffectiveRules(
  index: RbacIndex,
  user: UserInfo,
  { sharedFrom = SHARED_FROM }: { sharedFrom?: number } = {},
): SourcedRule[] {
  const groups = new Set(SHARED_GROUPS.filter((g) => user.groups.includes(g)));
  if (groups.size === 0 || sharedBindingCount(index, groups) < sharedFrom)
    return sourcedEffectiveRulesDirect(index, user);
  const shared = sharedPart(index, groups);
  const own = bindingsReachingUser(index, user, groups);
  if (own.length === 0) return shared.flat.slice();
  const ownEntries = new Set(own.map((a) => a.entry));
  const touched = contributions(index, own);
  const scopes: { pos: Pos; rules: SourcedRule[] }[] = [];
  for (const s of shared.scopes) {
    const mine = touched.get(s.namespace);
    if (!mine) {
      scopes.push(s);
      continue;
    }
    // The scope's untouched rules keep their cached objects and order; the user's rules (new, or
    // shared ones with its grants merged in) are sorted and merged into them by position.
    const changed: { pos: Pos; rule: SourcedRule }[] = [];
    const replaced = new Set<number>();
    for (const part of mine.values()) {
      const at = s.byKey.get(part.key);
      const old = at === undefined ? undefined : s.parts[at];
      if (at !== undefined) replaced.add(at);
      const first = old && posOrder(old.pos, part.pos) <= 0 ? old : part;
      const merged: Part = { ...first, grants: mergeGrants(old?.grants ?? [], part.grants, ownEntries) };
      changed.push({ pos: first.pos, rule: sourcedOf(merged) });
    }
    changed.sort((a, b) => posOrder(a.pos, b.pos));
    const rules: SourcedRule[] = [];
    let c = 0;
    for (let i = 0; i < s.parts.length; i++) {
      if (replaced.has(i)) continue;
      const p = s.parts[i] as Part;
      while (c < changed.length && posOrder((changed[c] as { pos: Pos }).pos, p.pos) < 0)
        rules.push((changed[c++] as { rule: SourcedRule }).rule);
      rules.push(s.rules[i] as SourcedRule);
    }
    while (c < changed.length) rules.push((changed[c++] as { rule: SourcedRule }).rule);
    const firstChanged = changed[0]?.pos;
    scopes.push({ pos: firstChanged && posOrder(firstChanged, s.pos) < 0 ? firstChanged : s.pos, rules });
  }
  for (const [namespace, mine] of touched) {
    if (shared.byScope.has(namespace)) continue;
    const parts = [...mine.values()];
    const first = parts[0];
    if (first)
      scopes.push({ pos: first.pos, rules: parts.map((p) => sourcedOf({ ...p, grants: [...p.grants] })) });
  }
  scopes.sort((a, b) => posOrder(a.pos, b.pos));
  const out: SourcedRule[] = [];
  for (const scope of scopes) for (const rule of scope.rules) out.push(rule);
  return out;
}

/** Flattens every rule the user holds, merging identical rules from different bindings. */
export function effectivePermissions(index: RbacIndex, user: UserInfo): EffectivePermissions {
  return { rules: sourcedEffectiveRules(index, user).map((r) => r.effective) };
}
