/**
 * Reverse lookups: which subjects may perform a request (upstream SubjectAccessEvaluator.AllowedSubjects)
 * and who can mint ServiceAccount tokens through the TokenRequest subresource.
 */
import { normalizeSubject, SYSTEM_MASTERS_GROUP, subjectKey } from './identity';
import { combinedResource, ruleAllows, ruleCoversAnyName } from './match';
import { SHARED_FROM, SHARED_GROUPS, sharedBindingCount } from './permissions';
import {
  bindingRef,
  bindingsReachingUser,
  type IndexedBinding,
  type RbacIndex,
  resolveRole,
  roleRefOf,
} from './rbac-index';
import type { Grant, PolicyRule, RequestAttributes, Subject, UserInfo } from './types';
import { isResourceRequest } from './types';

export interface WhoCanEntry {
  subject: Subject;
  grants: Grant[];
  /** True for system:masters, which upstream always lists because it bypasses RBAC. */
  superuser?: boolean;
}

export interface WhoCanOptions {
  /** List system:masters first like upstream AllowedSubjects does (default true). */
  includeSuperuser?: boolean;
}

export interface TokenMintScope {
  /** null when granted cluster-wide by a ClusterRoleBinding. */
  namespace: string | null;
  /** 'all' when some rule has no resourceNames, else the union of the names rules allow. */
  serviceAccounts: string[] | 'all';
  grantedBy: Grant[];
}

export interface TokenMinter {
  subject: Subject;
  scopes: TokenMintScope[];
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function sortedBindings(index: RbacIndex, keep: (entry: IndexedBinding) => boolean): IndexedBinding[] {
  const rank = (e: IndexedBinding): number => (e.scope === null ? 0 : 1);
  return [...index.bindings.values()].filter(keep).sort((a, b) => rank(a) - rank(b) || a.ordinal - b.ordinal);
}

interface ClusterRuleIndex {
  clusterRevision: number;
  /** ClusterRoleBindings in ordinal order, per entry of their role's rules' resources (`pods`, `*`, …). */
  byResource: Map<string, IndexedBinding[]>;
}

// Derived from the index and rebuilt after a ClusterRoleBinding or ClusterRole changes; RoleBinding
// and Role changes (most of a cluster's churn) leave it valid.
const clusterRuleIndexes = new WeakMap<RbacIndex, ClusterRuleIndex>();

function clusterRuleIndex(index: RbacIndex): ClusterRuleIndex {
  const cached = clusterRuleIndexes.get(index);
  if (cached && cached.clusterRevision === index.clusterRevision) return cached;
  const byResource = new Map<string, IndexedBinding[]>();
  for (const entry of index.clusterBindings) {
    for (const rule of rulesOf(index, entry)) {
      for (const resource of rule.resources ?? []) {
        const list = byResource.get(resource);
        if (!list) byResource.set(resource, [entry]);
        else if (list[list.length - 1] !== entry) list.push(entry);
      }
    }
  }
  const built = { clusterRevision: index.clusterRevision, byResource };
  clusterRuleIndexes.set(index, built);
  return built;
}

/**
 * The ClusterRoleBindings that may allow the request, in ordinal order: a resource rule matches only
 * through a resources entry equal to the resource (or resource/subresource), to `*`, or to `*` joined
 * to the subresource (resourceMatches), so no other binding can. Non-resource requests consult all.
 */
function clusterCandidates(index: RbacIndex, attrs: RequestAttributes): readonly IndexedBinding[] {
  if (!isResourceRequest(attrs)) return index.clusterBindings;
  const { byResource } = clusterRuleIndex(index);
  const keys = [combinedResource(attrs.resource, attrs.subresource), '*'];
  if (attrs.subresource) keys.push(`*/${attrs.subresource}`);
  const found = keys.map((key) => byResource.get(key)).filter((l) => l !== undefined);
  if (found.length <= 1) return found[0] ?? [];
  return [...new Set(found.flat())].sort((a, b) => a.ordinal - b.ordinal);
}

function firstAllowingRule(rules: readonly PolicyRule[], attrs: RequestAttributes): PolicyRule | undefined {
  for (const rule of rules) if (ruleAllows(rule, attrs)) return rule;
  return undefined;
}

function rulesOf(index: RbacIndex, entry: IndexedBinding): PolicyRule[] {
  return resolveRole(index, entry.binding.roleRef, entry.scope ?? '')?.rules ?? [];
}

// A ServiceAccount subject that resolves to no namespace can never match a user (appliesToUser).
function effectiveSubjects(entry: IndexedBinding): Subject[] {
  return entry.binding.subjects
    .map((s) => normalizeSubject(s, entry.scope ?? ''))
    .filter((s) => s.kind !== 'ServiceAccount' || !!s.namespace);
}

function grantFor(entry: IndexedBinding, subject: Subject, rule: PolicyRule): Grant {
  return { binding: bindingRef(entry.binding), role: roleRefOf(entry.binding), subject, rule };
}

/**
 * Lists the subjects allowed to perform the request, with the grants that allow it; like upstream,
 * ClusterRoleBindings are consulted always and RoleBindings only in the request's namespace.
 * Unlike upstream, ServiceAccount subjects get their namespace defaulted and are deduplicated.
 */
export function whoCan(
  index: RbacIndex,
  attrs: RequestAttributes,
  options: WhoCanOptions = {},
): WhoCanEntry[] {
  const namespace = isResourceRequest(attrs) ? (attrs.namespace ?? '') : '';
  const entries = new Map<string, WhoCanEntry>();
  if (options.includeSuperuser ?? true) {
    const subject: Subject = { kind: 'Group', apiGroup: RBAC_GROUP, name: SYSTEM_MASTERS_GROUP };
    entries.set(subjectKey(subject), { subject, grants: [], superuser: true });
  }
  // Only the bindings upstream consults, in its order: the ClusterRoleBindings whose role names the
  // resource (or a wildcard covering it), then the namespace's RoleBindings.
  const local = namespace === '' ? undefined : index.namespaceBindings.get(namespace);
  const cluster = clusterCandidates(index, attrs);
  for (const list of local ? [cluster, local] : [cluster]) {
    for (const entry of list) {
      const rule = firstAllowingRule(rulesOf(index, entry), attrs);
      if (!rule) continue;
      for (const subject of effectiveSubjects(entry)) {
        const key = subjectKey(subject);
        const existing = entries.get(key);
        if (existing) existing.grants.push(grantFor(entry, subject, rule));
        else entries.set(key, { subject, grants: [grantFor(entry, subject, rule)] });
      }
    }
  }
  return [...entries.values()];
}

/** Reports whether a rule lets its holder create tokens through serviceaccounts/token. */
export function ruleMintsTokens(rule: PolicyRule): boolean {
  return ruleCoversAnyName(rule, 'create', '', 'serviceaccounts', 'token');
}

function mergeNames(scope: TokenMintScope, rule: PolicyRule): void {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) scope.serviceAccounts = 'all';
  if (scope.serviceAccounts === 'all') return;
  scope.serviceAccounts = [...new Set([...scope.serviceAccounts, ...names])].sort();
}

function addMint(
  minters: Map<string, TokenMinter>,
  entry: IndexedBinding,
  subject: Subject,
  rule: PolicyRule,
): void {
  const key = subjectKey(subject);
  const minter = minters.get(key) ?? { subject, scopes: [] };
  minters.set(key, minter);
  let scope = minter.scopes.find((s) => s.namespace === entry.scope);
  if (!scope) {
    scope = { namespace: entry.scope, serviceAccounts: [], grantedBy: [] };
    minter.scopes.push(scope);
  }
  mergeNames(scope, rule);
  scope.grantedBy.push(grantFor(entry, subject, rule));
}

/**
 * Lists every subject that can create serviceaccounts/token, per namespace (null = cluster-wide)
 * and with the ServiceAccount names it may mint for; system:masters is not listed.
 */
export function tokenMinters(index: RbacIndex): TokenMinter[] {
  const minters = new Map<string, TokenMinter>();
  // A RoleBinding without a namespace is never consulted upstream.
  for (const entry of sortedBindings(index, (e) => e.scope !== '')) {
    for (const rule of rulesOf(index, entry).filter(ruleMintsTokens)) {
      for (const subject of effectiveSubjects(entry)) addMint(minters, entry, subject, rule);
    }
  }
  return [...minters.values()];
}

const bindingMintsTokens = (index: RbacIndex, entry: IndexedBinding): boolean =>
  (resolveRole(index, entry.binding.roleRef, entry.scope ?? '')?.rules ?? []).some(ruleMintsTokens);

/** Reports whether any rule reaching the user lets it create serviceaccounts/token in some scope. */
export function canMintTokens(index: RbacIndex, user: UserInfo): boolean {
  return bindingsReachingUser(index, user).some((applied) => bindingMintsTokens(index, applied.entry));
}

/** A ServiceAccounts row's RBAC columns. */
export interface AccountRbac {
  /** Bindings reaching the user: by name, as a ServiceAccount subject, or through a group. */
  bindingCount: number;
  /** Of those, the ones whose first subject matching the user is not a group. */
  directBindingCount: number;
  canMintTokens: boolean;
}

/** The bindings of the shared groups and whether one of them mints tokens, per index revision. */
interface SharedReach {
  revision: number;
  entries: ReadonlySet<IndexedBinding>;
  mints: boolean;
}
const sharedReach = new WeakMap<RbacIndex, Map<string, SharedReach>>();

function sharedReachOf(index: RbacIndex, groups: ReadonlySet<string>): SharedReach {
  const key = [...groups].join('\n');
  let byGroups = sharedReach.get(index);
  const cached = byGroups?.get(key);
  if (cached && cached.revision === index.revision) return cached;
  const entries = new Set<IndexedBinding>();
  for (const group of groups) for (const entry of index.byGroup.get(group) ?? []) entries.add(entry);
  let mints = false;
  for (const entry of entries) {
    if (bindingMintsTokens(index, entry)) {
      mints = true;
      break;
    }
  }
  const reach: SharedReach = { revision: index.revision, entries, mints };
  if (!byGroups) {
    byGroups = new Map();
    sharedReach.set(index, byGroups);
  }
  byGroups.set(key, reach);
  return reach;
}

/**
 * A ServiceAccounts row's RBAC columns (the same answer as counting bindingsReachingUser and asking
 * canMintTokens). In a large world most of every account's bindings reach it through the groups all
 * accounts hold (4,500 of them each in the 100k-binding bench world: 56 ms a row); that part is
 * worked out once per index revision, and each row visits only its own bindings. A binding that
 * reaches the user only through those groups names it by a group, so it adds to the count and never
 * to the direct count.
 */
export function accountRbac(
  index: RbacIndex,
  user: UserInfo,
  { sharedFrom = SHARED_FROM }: { sharedFrom?: number } = {},
): AccountRbac {
  const groups = new Set(SHARED_GROUPS.filter((g) => user.groups.includes(g)));
  if (groups.size === 0 || sharedBindingCount(index, groups) < sharedFrom) {
    const reaching = bindingsReachingUser(index, user);
    return {
      bindingCount: reaching.length,
      directBindingCount: reaching.filter((b) => b.subject.kind !== 'Group').length,
      canMintTokens: reaching.some((applied) => bindingMintsTokens(index, applied.entry)),
    };
  }
  const shared = sharedReachOf(index, groups);
  const own = bindingsReachingUser(index, user, groups);
  let alsoShared = 0;
  for (const a of own) if (shared.entries.has(a.entry)) alsoShared++;
  return {
    bindingCount: own.length + shared.entries.size - alsoShared,
    directBindingCount: own.filter((b) => b.subject.kind !== 'Group').length,
    canMintTokens: shared.mints || own.some((applied) => bindingMintsTokens(index, applied.entry)),
  };
}
