/**
 * Risk with proof (issue 14 §3): every dangerous permission held by every subject of the cluster,
 * each with the exact grant (binding → role → rule) and one concrete request it allows, and the
 * shortest escalation path from any account to cluster-admin-equivalent rights.
 *
 * The table of what makes one rule dangerous lives in privileges.ts (hitsFor); this file adds what
 * needs the whole cluster: who holds it (users, groups, ServiceAccounts), comparing ServiceAccounts'
 * privilege for pods created in their namespace, and the account graph the paths are found in.
 *
 * Cluster-admin-equivalent ("admin") means, granted cluster-wide by a ClusterRoleBinding:
 * - `*` verbs on `*` resources in `*` API groups (what the cluster-admin ClusterRole holds), or
 * - `impersonate` on `groups` without resourceNames (the holder may send requests as system:masters), or
 * - `bind` on the `cluster-admin` ClusterRole (any name or that name) together with `create` on
 *   clusterrolebindings (the holder may bind cluster-admin to itself).
 * Members of system:masters bypass RBAC and are not visible in RBAC objects, so they are not listed.
 *
 * The account graph: nodes are ServiceAccounts and the Users named in bindings; an edge A → B exists
 * when A may mint a token for B (`create serviceaccounts/token`), impersonate B, or create pods or pod
 * controllers in B's namespace (a pod may name B as its ServiceAccount and receives B's token).
 * Grants held by a group reach its members: system:serviceaccounts, system:serviceaccounts:<ns> and
 * system:authenticated are resolved; other groups have no members Tokenscope can know.
 */
import {
  normalizeSubject,
  parseServiceAccountUsername,
  serviceAccountUsername,
  subjectKey,
} from './identity';
import { ruleCoversAnyName } from './match';
import { effectivePart } from './permissions';
import {
  type Check,
  type Hit,
  hitsFor,
  type PrivilegeClaim,
  type WarningCode,
  WORKLOADS,
} from './privileges';
import { bindingRef, type IndexedBinding, type RbacIndex, resolveRole, roleRefOf } from './rbac-index';
import type { BindingRef, PolicyRule, Role, RoleRef, Subject } from './types';

export type RiskSeverity = 'critical' | 'high' | 'medium';
export type RiskCode = WarningCode | 'run-as-more-privileged';

/** A concrete request, namespace included ('' for cluster-scoped or all namespaces). */
export interface RiskClaim extends PrivilegeClaim {
  namespace: string;
}

/** The exact grant: the binding, the role it references and the one rule. */
export interface RiskGrant {
  binding: BindingRef;
  role: RoleRef;
  rule: PolicyRule;
  /** null: cluster-wide (ClusterRoleBinding). */
  namespace: string | null;
}

export interface AccountRef {
  namespace: string;
  name: string;
}

export interface RiskFinding {
  code: RiskCode;
  severity: RiskSeverity;
  title: string;
  detail: string;
  /** Who holds it, as the binding names it (ServiceAccount namespaces defaulted). */
  subject: Subject;
  /** null: cluster-wide. */
  namespace: string | null;
  grant: RiskGrant;
  /** One request the grant allows; a SubjectAccessReview as the subject answers allowed. */
  claim: RiskClaim;
  /** For run-as-more-privileged: the ServiceAccount a pod could run as. */
  target?: AccountRef;
}

export type StepKind = 'mint' | 'impersonate' | 'pod';

/** One hop of an escalation path: `from` uses `grant` to act as `to`. */
export interface EscalationStep {
  kind: StepKind;
  from: Subject;
  to: Subject;
  /** The subject the grant names (the account itself or one of its groups). */
  via: Subject;
  grant: RiskGrant;
  claim: RiskClaim;
  text: string;
}

/** Why the last account of a path is cluster-admin-equivalent. */
export interface AdminReason {
  text: string;
  via: Subject;
  grants: RiskGrant[];
  claims: RiskClaim[];
}

export interface EscalationPath {
  start: Subject;
  steps: EscalationStep[];
  admin: AdminReason;
}

type Scope = { all: true } | { namespace: string; name?: string } | { anyNamespaceName: string };

interface Capability {
  kind: StepKind;
  scope: Scope;
  grant: RiskGrant;
  holder: Subject;
  /** The resource that runs pods, for the pod step's text and kubectl command. */
  resource: string;
  group: string;
}

interface AdminPart {
  part: 'wildcard' | 'impersonate-groups' | 'bind' | 'create-crb';
  grant: RiskGrant;
  claim: RiskClaim;
}

interface KeyFacts {
  subject: Subject;
  findings: RiskFinding[];
  capabilities: Capability[];
  adminParts: AdminPart[];
  /** 0 none, 1 medium, 2 high, 3 admin: the worst finding held directly by this key. */
  level: number;
}

export interface RiskAnalysis {
  /** Every finding, critical first. */
  findings: RiskFinding[];
  /** Per subject key (identity.subjectKey; User subjects naming a ServiceAccount use its key). */
  bySubject: Map<string, KeyFacts>;
  accounts: Map<string, Subject>;
  /** Next hop toward admin per account key; absent when no path exists. */
  next: Map<string, EscalationStep | null>;
  adminOf: Map<string, AdminReason>;
  distance: Map<string, number>;
}

const RBAC = 'rbac.authorization.k8s.io';
const SEVERITY_RANK = { critical: 0, high: 1, medium: 2 } as const satisfies Record<RiskSeverity, number>;
export const SEVERITIES: readonly RiskSeverity[] = ['critical', 'high', 'medium'];

const ALL_SAS = 'system:serviceaccounts';
const SA_NS_PREFIX = 'system:serviceaccounts:';
const AUTHENTICATED = 'system:authenticated';

/** The key a subject is analysed under; a User named like a ServiceAccount is that ServiceAccount. */
export function riskKey(subject: Subject): string {
  if (subject.kind === 'User') {
    const sa = parseServiceAccountUsername(subject.name);
    if (sa) return subjectKey({ kind: 'ServiceAccount', ...sa });
  }
  return subjectKey(subject);
}

export function accountKey(namespace: string, name: string): string {
  return subjectKey({ kind: 'ServiceAccount', namespace, name });
}

const saSubject = (a: AccountRef): Subject => ({
  kind: 'ServiceAccount',
  namespace: a.namespace,
  name: a.name,
});
const groupSubject = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC, name });

export function subjectLabel(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`;
}

export function grantLabel(g: RiskGrant): string {
  const b =
    g.binding.kind === 'RoleBinding'
      ? `RoleBinding ${g.binding.namespace}/${g.binding.name}`
      : `ClusterRoleBinding ${g.binding.name}`;
  return `${b} → ${g.role.kind} ${g.role.name}`;
}

function claimIn(claim: PrivilegeClaim, namespace: string | null): RiskClaim {
  return { ...claim, namespace: namespace ?? '' };
}

function facts(map: Map<string, KeyFacts>, subject: Subject): KeyFacts {
  const key = riskKey(subject);
  let f = map.get(key);
  if (!f) {
    const sa = subject.kind === 'User' ? parseServiceAccountUsername(subject.name) : undefined;
    f = { subject: sa ? saSubject(sa) : subject, findings: [], capabilities: [], adminParts: [], level: 0 };
    map.set(key, f);
  }
  return f;
}

// A ServiceAccount subject that resolves to no namespace never matches anyone (appliesToUser).
function subjectsOf(entry: IndexedBinding): Subject[] {
  return entry.binding.subjects
    .map((s) => normalizeSubject(s, entry.scope ?? ''))
    .filter((s) => s.kind !== 'ServiceAccount' || !!s.namespace);
}

function scopeOf(rule: PolicyRule, namespace: string | null): Scope[] {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return [namespace === null ? { all: true } : { namespace }];
  return names.map((n) => (namespace === null ? { anyNamespaceName: n } : { namespace, name: n }));
}

/** What a rule lets its holder become; derived from the same hits the findings come from. */
function capabilitiesOf(hits: [Check, Hit][], rule: PolicyRule, ns: string | null): CapabilityShape[] {
  const out: CapabilityShape[] = [];
  for (const [check] of hits) {
    if (check.code === 'mint-tokens') {
      for (const scope of scopeOf(rule, ns))
        out.push({ kind: 'mint', scope, resource: 'serviceaccounts/token', group: '' });
    } else if (check.code === 'create-workloads') {
      const found = WORKLOADS.find(([g, r]) => ruleCoversAnyName(rule, 'create', g, r));
      if (found)
        out.push({
          kind: 'pod',
          scope: ns === null ? { all: true } : { namespace: ns },
          group: found[0],
          resource: found[1],
        });
    } else if (check.code === 'impersonate') {
      if (ruleCoversAnyName(rule, 'impersonate', '', 'serviceaccounts'))
        for (const scope of scopeOf(rule, ns))
          out.push({ kind: 'impersonate', scope, resource: 'serviceaccounts', group: '' });
      // Impersonating a user named system:serviceaccount:<ns>:<name> acts as that ServiceAccount.
      if (ns === null && ruleCoversAnyName(rule, 'impersonate', '', 'users')) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0)
          out.push({
            kind: 'impersonate',
            scope: { all: true },
            resource: 'users',
            group: '',
          });
        for (const n of names) {
          const sa = parseServiceAccountUsername(n);
          if (sa)
            out.push({
              kind: 'impersonate',
              scope: { namespace: sa.namespace, name: sa.name },
              resource: 'users',
              group: '',
            });
        }
      }
    }
  }
  return out;
}

/** The admin parts a rule holds when granted cluster-wide (each binding adds its grant). */
function adminPartsOf(rule: PolicyRule): Omit<AdminPart, 'grant'>[] {
  const parts: Omit<AdminPart, 'grant'>[] = [];
  const names = rule.resourceNames ?? [];
  const wild =
    rule.verbs.includes('*') && (rule.apiGroups ?? []).includes('*') && (rule.resources ?? []).includes('*');
  if (wild && names.length === 0)
    parts.push({
      part: 'wildcard',
      claim: { verb: 'delete', group: '', resource: 'secrets', namespace: '' },
    });
  if (names.length === 0 && ruleCoversAnyName(rule, 'impersonate', '', 'groups'))
    parts.push({
      part: 'impersonate-groups',
      claim: { verb: 'impersonate', group: '', resource: 'groups', name: 'system:masters', namespace: '' },
    });
  if (
    (names.length === 0 || names.includes('cluster-admin')) &&
    ruleCoversAnyName(rule, 'bind', RBAC, 'clusterroles')
  )
    parts.push({
      part: 'bind',
      claim: { verb: 'bind', group: RBAC, resource: 'clusterroles', name: 'cluster-admin', namespace: '' },
    });
  if (names.length === 0 && ruleCoversAnyName(rule, 'create', RBAC, 'clusterrolebindings'))
    parts.push({
      part: 'create-crb',
      claim: { verb: 'create', group: RBAC, resource: 'clusterrolebindings', namespace: '' },
    });
  return parts;
}

function adminReasonOf(parts: AdminPart[], via: Subject): AdminReason | undefined {
  const one = (p: AdminPart['part']) => parts.find((x) => x.part === p);
  const wild = one('wildcard');
  if (wild)
    return {
      text: 'holds * on * in every API group cluster-wide',
      via,
      grants: [wild.grant],
      claims: [wild.claim],
    };
  const imp = one('impersonate-groups');
  if (imp)
    return {
      text: 'may impersonate any group cluster-wide, system:masters included',
      via,
      grants: [imp.grant],
      claims: [imp.claim],
    };
  const bind = one('bind');
  const crb = one('create-crb');
  if (bind && crb)
    return {
      text: 'may bind the cluster-admin ClusterRole and create ClusterRoleBindings (bind cluster-admin to itself)',
      via,
      grants: [bind.grant, crb.grant],
      claims: [bind.claim, crb.claim],
    };
  return undefined;
}

const levelOf = (s: RiskSeverity): number => (s === 'critical' ? 3 : s === 'high' ? 2 : 1);

/** What one finding of a rule says, before it is given its grant and its subject. */
type Template = Omit<RiskFinding, 'subject' | 'grant'>;

/** A capability before it is given its grant and its holder. */
type CapabilityShape = Omit<Capability, 'grant' | 'holder'>;

/** What one rule of a role means when granted in one scope: the same for every binding of the role there. */
interface RuleFacts {
  raw: PolicyRule;
  templates: Template[];
  capabilities: CapabilityShape[];
  admin: Omit<AdminPart, 'grant'>[];
  level: number;
}

// Admin parts depend only on the rule and on whether it is cluster-wide; rules are shared objects.
const adminCache = new WeakMap<PolicyRule, Omit<AdminPart, 'grant'>[]>();

function adminShapes(rule: PolicyRule): Omit<AdminPart, 'grant'>[] {
  let shapes = adminCache.get(rule);
  if (!shapes) {
    shapes = adminPartsOf(rule);
    adminCache.set(rule, shapes);
  }
  return shapes;
}

function ruleFacts(raw: PolicyRule, scope: string | null): RuleFacts | undefined {
  const rule = effectivePart(raw, scope);
  if (!rule) return undefined;
  const hits = hitsFor(rule, scope);
  const admin = scope === null ? adminShapes(rule) : [];
  if (hits.length === 0 && admin.length === 0) return undefined;
  let level = 0;
  const templates = hits.map(([check, hit]): Template => {
    const severity = check.severity(hit.restricted);
    level = Math.max(level, levelOf(severity));
    return {
      code: check.code,
      severity,
      title: check.title,
      detail: check.detail(hit.items, hit.restricted),
      namespace: scope,
      claim: claimIn(hit.claims[0] ?? { verb: '', group: '', resource: '' }, scope),
    };
  });
  return { raw, templates, capabilities: capabilitiesOf(hits, rule, scope), admin, level };
}

// What each role's rules mean per scope, kept across analyses: the index replaces a changed role
// with a new object, so an entry is never stale, and it goes when the role does.
const roleFactsCache = new WeakMap<Role, Map<string | null, RuleFacts[]>>();

/** The dangerous rules of a role granted in a scope, worked out once per role object and scope. */
function factsOfRole(role: Role, scope: string | null): RuleFacts[] {
  let byScope = roleFactsCache.get(role);
  if (!byScope) {
    byScope = new Map();
    roleFactsCache.set(role, byScope);
  }
  let out = byScope.get(scope);
  if (!out) {
    out = [];
    for (const raw of role.rules) {
      const rf = ruleFacts(raw, scope);
      if (rf) out.push(rf);
    }
    byScope.set(scope, out);
  }
  return out;
}

/**
 * Every binding's dangerous rules, given to each of its subjects. What a rule means is worked out
 * once per role and scope (factsOfRole); each binding then only adds its grant, and each subject
 * its name.
 */
function scanBindings(index: RbacIndex, bySubject: Map<string, KeyFacts>): void {
  for (const entry of index.bindings.values()) {
    // A RoleBinding without a namespace is never consulted upstream.
    if (entry.scope === '') continue;
    const role = resolveRole(index, entry.binding.roleRef, entry.scope ?? '');
    if (!role) continue;
    const rules = factsOfRole(role, entry.scope);
    if (rules.length === 0) continue;
    const subjects = subjectsOf(entry);
    if (subjects.length === 0) continue;
    const holders = subjects.map((subject) => ({ subject, f: facts(bySubject, subject) }));
    const binding = bindingRef(entry.binding);
    const roleRef = roleRefOf(entry.binding);
    for (const rf of rules) {
      const grant: RiskGrant = { binding, role: roleRef, rule: rf.raw, namespace: entry.scope };
      for (const { subject, f } of holders) {
        if (rf.level > f.level) f.level = rf.level;
        for (const t of rf.templates)
          f.findings.push({
            code: t.code,
            severity: t.severity,
            title: t.title,
            detail: t.detail,
            namespace: t.namespace,
            grant,
            claim: t.claim,
            subject: f.subject,
          });
        for (const c of rf.capabilities)
          f.capabilities.push({
            kind: c.kind,
            scope: c.scope,
            grant,
            holder: subject,
            resource: c.resource,
            group: c.group,
          });
        for (const a of rf.admin) f.adminParts.push({ part: a.part, grant, claim: a.claim });
      }
    }
  }
}

/** The group keys whose grants reach a ServiceAccount or user, besides its own key. */
const AUTHENTICATED_KEY = subjectKey(groupSubject(AUTHENTICATED));
const ALL_SAS_KEY = subjectKey(groupSubject(ALL_SAS));

function groupKeysOf(account: Subject): string[] {
  if (account.kind !== 'ServiceAccount') return [AUTHENTICATED_KEY];
  return [AUTHENTICATED_KEY, ALL_SAS_KEY, subjectKey(groupSubject(`${SA_NS_PREFIX}${account.namespace}`))];
}

/** Findings critical first, then high, then medium, each in its original order (a stable sort). */
function bySeverity(findings: readonly RiskFinding[]): RiskFinding[] {
  const parts: [RiskFinding[], RiskFinding[], RiskFinding[]] = [[], [], []];
  for (const f of findings) parts[SEVERITY_RANK[f.severity]].push(f);
  return parts[0].concat(parts[1], parts[2]);
}

function keysOf(account: Subject): string[] {
  return [riskKey(account), ...groupKeysOf(account)];
}

/** Members of a key among the known accounts (its own account, or the resolvable groups' members). */
function membersOf(
  key: string,
  f: KeyFacts,
  accounts: Map<string, Subject>,
  byNamespace: Map<string, string[]>,
): string[] {
  if (f.subject.kind !== 'Group') return accounts.has(key) ? [key] : [];
  const g = f.subject.name;
  if (g === AUTHENTICATED) return [...accounts.keys()];
  if (g === ALL_SAS)
    return [...accounts.entries()].filter(([, s]) => s.kind === 'ServiceAccount').map(([k]) => k);
  if (g.startsWith(SA_NS_PREFIX)) return byNamespace.get(g.slice(SA_NS_PREFIX.length)) ?? [];
  return [];
}

function scopeBucket(scope: Scope): string {
  if ('all' in scope) return '*';
  if ('anyNamespaceName' in scope) return `name:${scope.anyNamespaceName}`;
  return scope.name === undefined ? `ns:${scope.namespace}` : `sa:${scope.namespace}/${scope.name}`;
}

function stepFor(cap: Capability, from: Subject, to: Subject): EscalationStep {
  const target =
    to.kind === 'ServiceAccount' ? { ns: to.namespace ?? '', name: to.name } : { ns: '', name: to.name };
  const via = `${grantLabel(cap.grant)}${cap.holder.kind === 'Group' ? ` (through group ${cap.holder.name})` : ''}`;
  if (cap.kind === 'mint')
    return {
      kind: 'mint',
      from,
      to,
      via: cap.holder,
      grant: cap.grant,
      claim: {
        verb: 'create',
        group: '',
        resource: 'serviceaccounts',
        subresource: 'token',
        namespace: target.ns,
        name: target.name,
      },
      text: `mint a token for ${subjectLabel(to)} (serviceaccounts/token create in namespace ${target.ns} via ${via})`,
    };
  if (cap.kind === 'impersonate') {
    const asUser = cap.resource === 'users';
    const name = asUser ? serviceAccountUsername(target.ns, target.name) : target.name;
    return {
      kind: 'impersonate',
      from,
      to,
      via: cap.holder,
      grant: cap.grant,
      claim: {
        verb: 'impersonate',
        group: '',
        resource: cap.resource,
        name,
        namespace: asUser ? '' : target.ns,
      },
      text: `impersonate ${subjectLabel(to)} (impersonate ${cap.resource} via ${via})`,
    };
  }
  return {
    kind: 'pod',
    from,
    to,
    via: cap.holder,
    grant: cap.grant,
    claim: { verb: 'create', group: cap.group, resource: cap.resource, namespace: target.ns },
    text: `create a pod as ${subjectLabel(to)} in namespace ${target.ns} (create ${cap.resource} via ${via})`,
  };
}

/**
 * Runs the whole analysis: findings of every subject, then the shortest path to admin of every
 * account by one breadth-first search backwards from the admin accounts. `serviceAccounts` lists
 * the ServiceAccounts that exist: only they are nodes of the account graph (a token cannot be
 * minted for, nor a pod run as, an account that does not exist), with the Users named by bindings.
 */
export function analyzeRisk(index: RbacIndex, serviceAccounts: readonly AccountRef[]): RiskAnalysis {
  const bySubject = new Map<string, KeyFacts>();
  scanBindings(index, bySubject);

  const accounts = new Map<string, Subject>();
  const existing = new Set<string>();
  for (const sa of serviceAccounts) {
    const key = accountKey(sa.namespace, sa.name);
    accounts.set(key, saSubject(sa));
    existing.add(key);
  }
  // ServiceAccounts that do not exist cannot be minted for or run as; their findings stay listed.
  for (const [key, f] of bySubject) if (f.subject.kind === 'User') accounts.set(key, f.subject);
  const byNamespace = new Map<string, string[]>();
  for (const [key, s] of accounts) {
    if (s.kind !== 'ServiceAccount' || !existing.has(key)) continue;
    const list = byNamespace.get(s.namespace ?? '') ?? [];
    list.push(key);
    byNamespace.set(s.namespace ?? '', list);
  }

  // Admin accounts and each account's privilege level (the worst it holds, itself or through groups).
  // Each key's admin parts are summarized once (first of each kind), so an account combines four.
  const summaries = new Map<string, AdminPart[]>();
  const summaryOf = (key: string, f: KeyFacts): AdminPart[] => {
    let out = summaries.get(key);
    if (!out) {
      const firsts = new Map<AdminPart['part'], AdminPart>();
      for (const p of f.adminParts) if (!firsts.has(p.part)) firsts.set(p.part, p);
      out = [...firsts.values()];
      summaries.set(key, out);
    }
    return out;
  };
  const adminOf = new Map<string, AdminReason>();
  const level = new Map<string, number>();
  const groupAdmin = new Map<string, AdminReason | undefined>();
  for (const [key, account] of accounts) {
    let lv = 0;
    const parts: AdminPart[] = [];
    let own: AdminReason | undefined;
    for (const k of keysOf(account)) {
      const f = bySubject.get(k);
      if (!f) continue;
      lv = Math.max(lv, f.level);
      const summary = summaryOf(k, f);
      if (f.subject.kind === 'Group') {
        if (!groupAdmin.has(k)) groupAdmin.set(k, adminReasonOf(summary, f.subject));
        own ??= groupAdmin.get(k);
      }
      parts.push(...summary);
    }
    const reason = own ?? adminReasonOf(parts, account);
    if (reason) {
      adminOf.set(key, reason);
      lv = 3;
    }
    level.set(key, lv);
  }
  // Findings that make their holder admin are critical.
  for (const f of bySubject.values()) {
    const key = riskKey(f.subject);
    const reason =
      f.subject.kind === 'Group'
        ? (groupAdmin.get(key) ?? adminReasonOf(summaryOf(key, f), f.subject))
        : adminOf.get(key);
    if (!reason) continue;
    for (const finding of f.findings)
      if (reason.grants.some((g) => g === finding.grant) && finding.severity !== 'medium')
        finding.severity = 'critical';
  }

  // The most privileged existing ServiceAccount per namespace, for pods created there.
  const topOf = new Map<string, string>();
  let topAll: string | undefined;
  for (const [ns, keys] of byNamespace) {
    let best: string | undefined;
    for (const k of keys) if (best === undefined || (level.get(k) ?? 0) > (level.get(best) ?? 0)) best = k;
    if (best !== undefined) topOf.set(ns, best);
    if (best !== undefined && (topAll === undefined || (level.get(best) ?? 0) > (level.get(topAll) ?? 0)))
      topAll = best;
  }
  const SEV: RiskSeverity[] = ['medium', 'medium', 'high', 'critical'];
  for (const [key, f] of bySubject) {
    const holderLevel = f.subject.kind === 'Group' ? f.level : (level.get(key) ?? f.level);
    const seen = new Set<string>();
    for (const cap of f.capabilities) {
      if (cap.kind !== 'pod') continue;
      const ns = 'namespace' in cap.scope ? cap.scope.namespace : undefined;
      const top = ns === undefined ? topAll : topOf.get(ns);
      if (top === undefined || seen.has(`${ns}\u0000${top}`)) continue;
      const topLevel = level.get(top) ?? 0;
      if (topLevel <= holderLevel) continue;
      seen.add(`${ns}\u0000${top}`);
      const target = accounts.get(top);
      if (target?.kind !== 'ServiceAccount') continue;
      const targetRef = { namespace: target.namespace ?? '', name: target.name };
      f.findings.push({
        code: 'run-as-more-privileged',
        severity: SEV[topLevel] ?? 'medium',
        title: 'Can run pods as a more privileged ServiceAccount',
        detail: `Can create ${cap.resource} in namespace ${targetRef.namespace}, where ServiceAccount ${targetRef.name} holds more${topLevel === 3 ? ' (cluster-admin-equivalent)' : ''}: a pod naming it receives its token.`,
        subject: f.subject,
        namespace: cap.grant.namespace,
        grant: cap.grant,
        claim: { verb: 'create', group: cap.group, resource: cap.resource, namespace: targetRef.namespace },
        target: targetRef,
      });
    }
  }

  const { next, distance } = shortestPaths(bySubject, accounts, byNamespace, adminOf);
  // Sorted per subject too, so an account's findings merge sorted runs. Three severities: a stable
  // partition in one pass, where a comparison sort of ~22,000 findings cost tens of milliseconds.
  const lists = [...bySubject.values()];
  for (const f of lists) f.findings = bySeverity(f.findings);
  const findings = bySeverity(lists.flatMap((f) => f.findings));
  return { findings, bySubject, accounts, next, adminOf, distance };
}

/** Reverse breadth-first search from every admin account: one pass gives every account's next hop. */
function shortestPaths(
  bySubject: Map<string, KeyFacts>,
  accounts: Map<string, Subject>,
  byNamespace: Map<string, string[]>,
  adminOf: Map<string, AdminReason>,
): { next: Map<string, EscalationStep | null>; distance: Map<string, number> } {
  // Inverse index: which (key, capability) pairs reach accounts in a scope bucket.
  const reaching = new Map<string, { key: string; cap: Capability }[]>();
  for (const [key, f] of bySubject) {
    for (const cap of f.capabilities) {
      const buckets = [scopeBucket(cap.scope)];
      // Impersonating any user also reaches the Users named in bindings.
      if (cap.kind === 'impersonate' && cap.resource === 'users' && 'all' in cap.scope)
        buckets.push('users:*');
      for (const b of buckets) {
        const list = reaching.get(b) ?? [];
        list.push({ key, cap });
        reaching.set(b, list);
      }
    }
  }
  const next = new Map<string, EscalationStep | null>();
  const distance = new Map<string, number>();
  let frontier: string[] = [];
  for (const key of adminOf.keys()) {
    next.set(key, null);
    distance.set(key, 0);
    frontier.push(key);
  }
  const usedBuckets = new Set<string>();
  const expanded = new Set<string>();
  const membersCache = new Map<string, string[]>();
  for (let d = 1; frontier.length > 0; d++) {
    const upcoming: string[] = [];
    for (const toKey of frontier) {
      const to = accounts.get(toKey);
      if (!to) continue;
      const buckets =
        to.kind === 'ServiceAccount'
          ? ['*', `ns:${to.namespace}`, `sa:${to.namespace}/${to.name}`, `name:${to.name}`]
          : ['users:*'];
      for (const b of buckets) {
        // Breadth-first, a bucket's holders are all reached the first time it is visited, so each
        // bucket is spent once: this keeps cluster-wide and namespace-wide grants linear.
        if (usedBuckets.has(b)) continue;
        usedBuckets.add(b);
        for (const { key, cap } of reaching.get(b) ?? []) {
          // Breadth-first, a key's members are all reached the first time the key is expanded.
          if (expanded.has(key)) continue;
          expanded.add(key);
          let members = membersCache.get(key);
          if (!members) {
            const f = bySubject.get(key);
            members = f ? membersOf(key, f, accounts, byNamespace) : [];
            membersCache.set(key, members);
          }
          for (const fromKey of members) {
            if (next.has(fromKey)) continue;
            const from = accounts.get(fromKey);
            if (!from) continue;
            next.set(fromKey, stepFor(cap, from, to));
            distance.set(fromKey, d);
            upcoming.push(fromKey);
          }
        }
      }
    }
    frontier = upcoming;
  }
  return { next, distance };
}

/** The shortest escalation path from an account to admin, or undefined when there is none. */
export function escalationPath(analysis: RiskAnalysis, account: Subject): EscalationPath | undefined {
  let key = riskKey(account);
  if (!analysis.next.has(key)) return undefined;
  const start = analysis.accounts.get(key) ?? account;
  const steps: EscalationStep[] = [];
  for (let step = analysis.next.get(key); step; step = analysis.next.get(key)) {
    steps.push(step);
    key = riskKey(step.to);
    if (steps.length > analysis.accounts.size) break;
  }
  const admin = analysis.adminOf.get(key);
  return admin ? { start, steps, admin } : undefined;
}

/** Every finding that applies to an account: its own and its groups', critical first. */
export function accountFindings(analysis: RiskAnalysis, account: Subject): RiskFinding[] {
  const out = keysOf(account).flatMap((k) => analysis.bySubject.get(k)?.findings ?? []);
  return out.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/** The kubectl commands that take a pod step by hand (never run by Tokenscope). */
export function podStepCommands(step: EscalationStep): string[] {
  const ns = step.to.namespace ?? '';
  const overrides = JSON.stringify({ spec: { serviceAccountName: step.to.name } });
  return [
    `kubectl -n ${ns} run escalate-${step.to.name} --image=bitnami/kubectl --restart=Never --overrides='${overrides}' -- kubectl auth whoami`,
    `kubectl -n ${ns} logs escalate-${step.to.name}`,
  ];
}
