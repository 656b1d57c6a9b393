/**
 * Warnings about permissions that let a ServiceAccount (or anyone) reach further than its own rules:
 * minting tokens, impersonation, RBAC escalation, reading secrets, running pods as other accounts.
 */
import { ruleCoversAnyName } from './match';
import { type EffectiveRule, sourcedEffectiveRules } from './permissions';
import type { RbacIndex } from './rbac-index';
import type { GrantSource, PolicyRule, UserInfo } from './types';

export type WarningCode =
  | 'mint-tokens'
  | 'impersonate'
  | 'escalate-or-bind'
  | 'read-secrets'
  | 'create-workloads'
  | 'exec-pods'
  | 'nodes-proxy'
  | 'approve-csr'
  | 'mutate-webhooks'
  | 'wildcard'
  | 'wildcard-partial';

/**
 * One concrete request a rule allows, proving a warning: it is what a SubjectAccessReview (or a real
 * call) would be asked. The namespace comes from the grant's scope; name is set when the rule is
 * limited by resourceNames.
 */
export interface PrivilegeClaim {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
}

export interface PrivilegeWarning {
  code: WarningCode;
  severity: 'high' | 'medium';
  title: string;
  detail: string;
  /** null when the permission is held cluster-wide. */
  namespace: string | null;
  grantedBy: GrantSource[];
}

/** What a check found in one rule; restricted means the rule only covers the listed resourceNames. */
export interface Hit {
  items: string[];
  restricted: boolean;
  /** Concrete requests the rule allows, one per item (the first is the one a proof asks). */
  claims: PrivilegeClaim[];
}

/** One row of the table: what makes a rule dangerous, how bad it is and how to say it. */
export interface Check {
  code: WarningCode;
  title: string;
  find(rule: PolicyRule, namespace: string | null): Hit | undefined;
  severity(restricted: boolean): 'high' | 'medium';
  detail(items: string[], restricted: boolean): string;
}

type Target = readonly [group: string, resource: string, subresource?: string];

/** What runs pods from a spec naming a ServiceAccount: pods and the built-in pod controllers. */
export const WORKLOADS: readonly Target[] = [
  ['', 'pods'],
  ['', 'replicationcontrollers'],
  ['apps', 'deployments'],
  ['apps', 'replicasets'],
  ['apps', 'statefulsets'],
  ['apps', 'daemonsets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
];

const names = (rule: PolicyRule): string[] => rule.resourceNames ?? [];
const isRestricted = (rule: PolicyRule): boolean => names(rule).length > 0;
const withNames = (label: string, rule: PolicyRule): string =>
  isRestricted(rule) ? `${label} [${names(rule).join(', ')}]` : label;

function claimOf(
  rule: PolicyRule,
  verb: string,
  group: string,
  resource: string,
  sub?: string,
): PrivilegeClaim {
  const claim: PrivilegeClaim = { verb, group, resource };
  if (sub) claim.subresource = sub;
  const [name] = names(rule);
  if (name !== undefined) claim.name = name;
  return claim;
}

function hitFor(rule: PolicyRule, verbs: readonly string[], targets: readonly Target[]): Hit | undefined {
  const items: string[] = [];
  const claims: PrivilegeClaim[] = [];
  for (const verb of verbs) {
    for (const [group, resource, sub] of targets) {
      if (!ruleCoversAnyName(rule, verb, group, resource, sub)) continue;
      items.push(`${verb} ${resource}${sub ? `/${sub}` : ''}`);
      claims.push(claimOf(rule, verb, group, resource, sub));
    }
  }
  return items.length > 0 ? { items, restricted: isRestricted(rule), claims } : undefined;
}

/** Merges the hits of several probes of one rule. */
function mergeHits(...hits: (Hit | undefined)[]): Hit | undefined {
  const found = hits.filter((h): h is Hit => h !== undefined);
  if (found.length === 0) return undefined;
  return {
    items: found.flatMap((h) => h.items),
    restricted: found.every((h) => h.restricted),
    claims: found.flatMap((h) => h.claims),
  };
}

const CLUSTER_SCOPED_ONLY = (namespace: string | null): boolean => namespace !== null;
const WRITE_VERBS = ['create', 'update', 'patch', 'delete'];
const CERTIFICATES = 'certificates.k8s.io';
const ADMISSION = 'admissionregistration.k8s.io';

const CHECKS: Check[] = [
  {
    code: 'mint-tokens',
    title: 'Can mint tokens for ServiceAccounts',
    find: (rule) =>
      ruleCoversAnyName(rule, 'create', '', 'serviceaccounts', 'token')
        ? {
            items: isRestricted(rule) ? names(rule) : ['*'],
            restricted: isRestricted(rule),
            claims: [claimOf(rule, 'create', '', 'serviceaccounts', 'token')],
          }
        : undefined,
    severity: () => 'high',
    detail: (items) =>
      items.includes('*')
        ? 'Can create tokens (serviceaccounts/token) for any ServiceAccount and act as it.'
        : `Can create tokens (serviceaccounts/token) for ServiceAccounts ${items.join(', ')} and act as them.`,
  },
  {
    code: 'impersonate',
    title: 'Can impersonate other identities',
    // Users and groups are impersonated with cluster-scoped checks, so only a ClusterRoleBinding grants them.
    find: (rule, namespace) => {
      const kinds = namespace === null ? ['users', 'groups', 'serviceaccounts'] : ['serviceaccounts'];
      const found = kinds.filter((k) => ruleCoversAnyName(rule, 'impersonate', '', k));
      return found.length > 0
        ? {
            items: found.map((k) => withNames(k, rule)),
            restricted: isRestricted(rule),
            claims: found.map((k) => claimOf(rule, 'impersonate', '', k)),
          }
        : undefined;
    },
    severity: () => 'high',
    detail: (items) => `Can send requests as someone else: impersonate ${items.join(', ')}.`,
  },
  {
    code: 'escalate-or-bind',
    title: 'Can escalate or bind RBAC roles',
    find: (rule) =>
      hitFor(
        rule,
        ['escalate', 'bind'],
        [
          ['rbac.authorization.k8s.io', 'roles'],
          ['rbac.authorization.k8s.io', 'clusterroles'],
        ],
      ),
    severity: () => 'high',
    detail: (items) => `Can grant permissions it does not hold: ${items.join(', ')}.`,
  },
  {
    code: 'read-secrets',
    title: 'Can read Secrets',
    find: (rule) => hitFor(rule, ['get', 'list', 'watch'], [['', 'secrets']]),
    severity: (restricted) => (restricted ? 'medium' : 'high'),
    detail: (items, restricted) =>
      `Can ${items.join(', ')}${restricted ? ' (only named Secrets)' : ''}, including legacy ServiceAccount token Secrets.`,
  },
  {
    code: 'create-workloads',
    title: 'Can run pods as any ServiceAccount of the namespace',
    // Create requests carry no object name, so rules limited by resourceNames never allow them.
    find: (rule) => (isRestricted(rule) ? undefined : hitFor(rule, ['create'], WORKLOADS)),
    severity: () => 'medium',
    detail: (items) =>
      `Can ${items.join(', ')}; a pod may mount the token of any ServiceAccount in its namespace.`,
  },
  {
    code: 'exec-pods',
    // Since 1.35 (AuthorizePodWebsocketUpgradeCreatePermission) even WebSocket exec needs "create".
    title: 'Can exec, attach, port-forward or debug in pods',
    find: (rule) =>
      mergeHits(
        hitFor(
          rule,
          ['create'],
          [
            ['', 'pods', 'exec'],
            ['', 'pods', 'attach'],
            ['', 'pods', 'portforward'],
          ],
        ),
        hitFor(rule, ['update', 'patch'], [['', 'pods', 'ephemeralcontainers']]),
      ),
    severity: () => 'medium',
    detail: (items) =>
      `Can ${items.join(', ')}: runs code in running pods and reads the ServiceAccount tokens mounted there.`,
  },
  {
    code: 'nodes-proxy',
    // Nodes are cluster-scoped: only a ClusterRoleBinding grants them. A GET upgraded to a WebSocket
    // reaches the kubelet's exec endpoint, so "get" is as strong as "create".
    title: 'Can reach the kubelet API (nodes/proxy)',
    find: (rule, namespace) =>
      CLUSTER_SCOPED_ONLY(namespace) ? undefined : hitFor(rule, ['get', 'create'], [['', 'nodes', 'proxy']]),
    severity: () => 'high',
    detail: (items) =>
      `Can ${items.join(', ')}: talks to every kubelet directly, including exec into any pod on any node.`,
  },
  {
    code: 'approve-csr',
    title: 'Can approve certificate signing requests',
    find: (rule, namespace) =>
      CLUSTER_SCOPED_ONLY(namespace)
        ? undefined
        : mergeHits(
            hitFor(rule, ['update', 'patch'], [[CERTIFICATES, 'certificatesigningrequests', 'approval']]),
            hitFor(rule, ['approve'], [[CERTIFICATES, 'signers']]),
          ),
    severity: () => 'high',
    detail: (items) =>
      `Can ${items.join(', ')}; with both the approval update and "approve" on a signer it can issue client certificates for any identity, system:masters included.`,
  },
  {
    code: 'mutate-webhooks',
    title: 'Can change admission webhooks',
    find: (rule, namespace) =>
      CLUSTER_SCOPED_ONLY(namespace)
        ? undefined
        : hitFor(rule, WRITE_VERBS, [
            [ADMISSION, 'mutatingwebhookconfigurations'],
            [ADMISSION, 'validatingwebhookconfigurations'],
          ]),
    severity: () => 'high',
    detail: (items) =>
      `Can ${items.join(', ')}: sees or rewrites every object sent to the API server, or turns its checks off.`,
  },
  {
    code: 'wildcard',
    title: 'Full access (* on *)',
    find: (rule) =>
      isFullWildcard(rule)
        ? { items: ['*'], restricted: isRestricted(rule), claims: [claimOf(rule, 'delete', '', 'secrets')] }
        : undefined,
    severity: () => 'high',
    detail: () => 'Holds every verb on every resource of every API group.',
  },
  {
    code: 'wildcard-partial',
    title: 'Wildcard verbs or resources',
    find: (rule) => partialWildcard(rule),
    severity: () => 'medium',
    detail: (items) =>
      `Holds ${items.join(', ')}: a wildcard also covers verbs, resources and subresources added later.`,
  },
];

/** A rule with `*` verbs, resources or groups that is not already full access; namespaced rules included. */
function partialWildcard(rule: PolicyRule): Hit | undefined {
  if (isFullWildcard(rule) || (rule.resources ?? []).length === 0) return undefined;
  const verbs = rule.verbs.includes('*');
  const groups = (rule.apiGroups ?? []).includes('*');
  const resources = (rule.resources ?? []).includes('*');
  if (!verbs && !resources) return undefined;
  const group = groups ? '' : (rule.apiGroups?.[0] ?? '');
  const entry = resources ? 'secrets' : (rule.resources?.[0] ?? '');
  const [resource = '', sub] = entry.startsWith('*/') ? ['pods', entry.slice(2)] : entry.split('/');
  const verb = verbs ? 'delete' : (rule.verbs[0] ?? '');
  const label = `${verbs ? '*' : rule.verbs.join(',')} on ${resources ? '*' : (rule.resources ?? []).join(',')}${
    groups ? ' in every API group' : ` in ${(rule.apiGroups ?? []).map((g) => g || 'core').join(',')}`
  }`;
  return {
    items: [withNames(label, rule)],
    restricted: isRestricted(rule),
    claims: [claimOf(rule, verb, group, resource, sub)],
  };
}

// Only literal "*" entries count: probing with a concrete verb or resource would also accept narrower rules.
function isFullWildcard(rule: PolicyRule): boolean {
  return (
    rule.verbs.includes('*') && (rule.apiGroups ?? []).includes('*') && (rule.resources ?? []).includes('*')
  );
}

function scopeText(namespace: string | null): string {
  return namespace === null ? 'cluster-wide' : `in namespace ${namespace}`;
}

interface Accumulator {
  check: Check;
  namespace: string | null;
  items: Set<string>;
  restricted: boolean;
  grantedBy: GrantSource[];
}

function accumulate(acc: Map<string, Accumulator>, check: Check, rule: EffectiveRule, hit: Hit): void {
  const key = `${check.code}\u0000${rule.namespace ?? ''}\u0000${rule.namespace === null}`;
  const current = acc.get(key) ?? {
    check,
    namespace: rule.namespace,
    items: new Set(),
    restricted: true,
    grantedBy: [],
  };
  acc.set(key, current);
  for (const item of hit.items) current.items.add(item);
  current.restricted = current.restricted && hit.restricted;
  for (const source of rule.grantedBy)
    if (!current.grantedBy.includes(source)) current.grantedBy.push(source);
}

function toWarning(a: Accumulator): PrivilegeWarning {
  const items = [...a.items];
  return {
    code: a.check.code,
    severity: a.check.severity(a.restricted),
    title: a.check.title,
    detail: `${a.check.detail(items, a.restricted)} (${scopeText(a.namespace)})`,
    namespace: a.namespace,
    grantedBy: a.grantedBy,
  };
}

// Checks depend only on the rule and on whether it is cluster-wide, and role rules are shared objects.
const hitCache = new WeakMap<PolicyRule, Map<boolean, [Check, Hit][]>>();

/**
 * Runs every check on one rule as granted in a scope (null: cluster-wide), memoized per rule object
 * and scope kind. The one table of dangerous held permissions; risk.ts builds on it.
 */
export function hitsFor(rule: PolicyRule, namespace: string | null): [Check, Hit][] {
  const byScope = hitCache.get(rule) ?? new Map<boolean, [Check, Hit][]>();
  hitCache.set(rule, byScope);
  const clusterWide = namespace === null;
  let hits = byScope.get(clusterWide);
  if (!hits) {
    hits = CHECKS.flatMap((check): [Check, Hit][] => {
      const hit = check.find(rule, namespace);
      return hit ? [[check, hit]] : [];
    });
    byScope.set(clusterWide, hits);
  }
  return hits;
}

/** Lists the dangerous permissions the user holds, one warning per kind and namespace, high first. */
export function privilegeWarnings(index: RbacIndex, user: UserInfo): PrivilegeWarning[] {
  const acc = new Map<string, Accumulator>();
  for (const { effective, source } of sourcedEffectiveRules(index, user)) {
    for (const [check, hit] of hitsFor(source, effective.namespace)) accumulate(acc, check, effective, hit);
  }
  const warnings = [...acc.values()].map(toWarning);
  const rank = (w: PrivilegeWarning): number => (w.severity === 'high' ? 0 : 1);
  return warnings.sort((a, b) => rank(a) - rank(b));
}
