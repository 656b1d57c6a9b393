// Least privilege from real use: which granted rules the recorded requests used, and the minimal
// Role(s)/ClusterRole(s) with bindings that allow exactly the allowed requests. Pure and isomorphic.
import type {
  GrantUse,
  LeastPrivilegeProposal,
  ProposedRole,
  ProposedRule,
  UsedRequest,
} from '@/lib/contracts/least-privilege';
import { ruleAllows } from './match';
import type { EffectiveRule } from './permissions';
import type { RequestAttributes } from './types';

/** Named uses of a resource up to this many distinct names become `resourceNames`; more, and the rule covers all. */
export const MAX_RESOURCE_NAMES = 5;

/** Verbs that never carry a name in the request (RBAC cannot restrict them by resourceNames). */
const UNNAMED_VERBS = new Set(['list', 'watch', 'create', 'deletecollection']);

/** Label on every object Tokenscope's least-privilege loop creates. */
export const LEAST_PRIVILEGE_LABEL = 'tokenscope.dev/least-privilege-of';

/** The authorizer attributes of a recorded request. */
export function requestAttributes(q: UsedRequest): RequestAttributes {
  if (q.path !== null) return { verb: q.verb, path: q.path };
  return {
    verb: q.verb,
    group: q.group,
    resource: q.resource,
    subresource: q.subresource || undefined,
    namespace: q.namespace ?? undefined,
    name: q.name ?? undefined,
  };
}

/** Does the effective rule (with its namespace) allow the recorded request? */
export function effectiveRuleAllows(rule: EffectiveRule, q: UsedRequest): boolean {
  if (q.path === null && rule.namespace !== null && rule.namespace !== q.namespace) return false;
  if (q.path !== null && rule.namespace !== null) return false; // non-resource URLs are cluster-wide only
  return ruleAllows(rule, requestAttributes(q));
}

function sourceText(rule: EffectiveRule): string[] {
  return rule.grantedBy.map(
    (g) =>
      `${g.binding.kind} ${g.binding.namespace ? `${g.binding.namespace}/` : ''}${g.binding.name} → ${g.role.kind} ${g.role.name}`,
  );
}

/** The verb × resource (or URL) pairs of a rule that no allowed request in `uses` matched. */
function unusedPartsOf(rule: EffectiveRule, uses: readonly UsedRequest[]): string[] {
  const out: string[] = [];
  const urls = rule.nonResourceURLs ?? [];
  const targets = urls.length > 0 ? urls : rule.resources;
  for (const verb of rule.verbs) {
    for (const target of targets) {
      const hit = uses.some((q) => {
        if (verb !== '*' && q.verb !== verb) return false;
        if (urls.length > 0)
          return (
            q.path !== null &&
            (target === '*' ||
              q.path === target ||
              (target.endsWith('*') && q.path.startsWith(target.replace(/\*+$/, ''))))
          );
        const combined = q.subresource ? `${q.resource}/${q.subresource}` : q.resource;
        return (
          q.path === null &&
          (target === '*' ||
            target === combined ||
            (target.startsWith('*/') && target === `*/${q.subresource}`))
        );
      });
      if (!hit) out.push(`${verb} ${target}`);
    }
  }
  return out;
}

/** Every granted rule with how many allowed recorded requests it covers, and the parts nothing used. */
export function grantUse(rules: readonly EffectiveRule[], used: readonly UsedRequest[]): GrantUse[] {
  return rules.map((rule) => {
    const covered = used.filter((q) => !q.denied && effectiveRuleAllows(rule, q));
    return {
      namespace: rule.namespace,
      apiGroups: [...rule.apiGroups],
      resources: [...rule.resources],
      verbs: [...rule.verbs],
      resourceNames: [...(rule.resourceNames ?? [])],
      nonResourceURLs: [...(rule.nonResourceURLs ?? [])],
      grantedBy: sourceText(rule),
      usedBy: covered.length,
      viaGroupOnly: rule.grantedBy.length > 0 && rule.grantedBy.every((g) => g.subject.kind === 'Group'),
      unusedParts: unusedPartsOf(rule, covered),
    };
  });
}

/** Grants the account has for itself (not through a group) with parts nothing in the window used. */
export function unusedGrants(granted: readonly GrantUse[]): GrantUse[] {
  return granted.filter((g) => g.unusedParts.length > 0 && !g.viaGroupOnly);
}

/** How many probes the loop makes for unused grants at most (each is one SelfSubjectAccessReview). */
export const MAX_UNUSED_PROBES = 25;

const sortUnique = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The minimal rules for the requests of one scope (one namespace, or cluster-wide). */
export function minimalRules(requests: readonly UsedRequest[]): ProposedRule[] {
  const nonResource = new Map<string, Set<string>>(); // path → verbs
  const byResource = new Map<string, UsedRequest[]>(); // group \0 resource[/sub]
  for (const q of requests) {
    if (q.path !== null) {
      const verbs = nonResource.get(q.path) ?? new Set<string>();
      verbs.add(q.verb);
      nonResource.set(q.path, verbs);
      continue;
    }
    const key = `${q.group}\u0000${q.subresource ? `${q.resource}/${q.subresource}` : q.resource}`;
    byResource.set(key, [...(byResource.get(key) ?? []), q]);
  }
  const raw: ProposedRule[] = [];
  for (const [key, qs] of byResource) {
    const [group = '', resource = ''] = key.split('\u0000');
    const unnamedVerbs = new Set<string>();
    const namesByVerb = new Map<string, Set<string>>();
    for (const q of qs) {
      if (q.name === null || UNNAMED_VERBS.has(q.verb)) unnamedVerbs.add(q.verb);
      else namesByVerb.set(q.verb, (namesByVerb.get(q.verb) ?? new Set()).add(q.name));
    }
    // A verb used both with and without a name needs the unrestricted rule anyway.
    for (const v of unnamedVerbs) namesByVerb.delete(v);
    const names = new Set<string>();
    for (const s of namesByVerb.values()) for (const n of s) names.add(n);
    const open = new Set(unnamedVerbs);
    if (names.size > MAX_RESOURCE_NAMES) for (const v of namesByVerb.keys()) open.add(v);
    else if (names.size > 0)
      raw.push({
        apiGroups: [group],
        resources: [resource],
        resourceNames: sortUnique(names),
        verbs: sortUnique(namesByVerb.keys()),
      });
    if (open.size > 0) raw.push({ apiGroups: [group], resources: [resource], verbs: sortUnique(open) });
  }
  // Merge rules that differ only in their resources (same group, verbs and names), as people write them.
  const merged = new Map<string, ProposedRule>();
  for (const r of raw) {
    const k = JSON.stringify([r.apiGroups, r.verbs, r.resourceNames ?? []]);
    const m = merged.get(k);
    if (m) m.resources = sortUnique([...(m.resources ?? []), ...(r.resources ?? [])]);
    else merged.set(k, { ...r });
  }
  const rules = [...merged.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const byVerbs = new Map<string, string[]>();
  for (const [path, verbs] of nonResource) {
    const k = sortUnique(verbs).join(',');
    byVerbs.set(k, [...(byVerbs.get(k) ?? []), path]);
  }
  for (const [verbs, paths] of [...byVerbs].sort())
    rules.push({ nonResourceURLs: sortUnique(paths), verbs: verbs.split(',') });
  return rules;
}

/** A Kubernetes object name no longer than 63 characters (Role names may be longer, but stay readable). */
function objectName(...parts: string[]): string {
  return parts
    .join('-')
    .slice(0, 63)
    .replace(/[-.]+$/, '');
}

/** The copy account's name: `<name>-leastpriv`, within the 63-character limit. */
export function copyName(serviceAccount: string): string {
  return objectName(serviceAccount.slice(0, 63 - '-leastpriv'.length), 'leastpriv');
}

/**
 * The proposal: one Role + RoleBinding per namespace the account used (in its namespace), and one
 * ClusterRole + ClusterRoleBinding for cluster-scoped, all-namespaces and non-resource use. Denied
 * requests must be excluded by the caller (they are never granted).
 */
export function proposeRoles(
  serviceAccount: { namespace: string; name: string },
  allowed: readonly UsedRequest[],
): ProposedRole[] {
  const byNamespace = new Map<string, UsedRequest[]>();
  const cluster: UsedRequest[] = [];
  for (const q of allowed) {
    if (q.denied) continue;
    if (q.path === null && q.namespace !== null)
      byNamespace.set(q.namespace, [...(byNamespace.get(q.namespace) ?? []), q]);
    else cluster.push(q);
  }
  const base = `${serviceAccount.name}-leastpriv`;
  const roles: ProposedRole[] = [];
  for (const ns of [...byNamespace.keys()].sort()) {
    roles.push({
      kind: 'Role',
      name: objectName(base),
      namespace: ns,
      rules: minimalRules(byNamespace.get(ns) ?? []),
      bindingKind: 'RoleBinding',
    });
  }
  if (cluster.length > 0)
    roles.push({
      kind: 'ClusterRole',
      name: objectName(serviceAccount.namespace, base),
      rules: minimalRules(cluster),
      bindingKind: 'ClusterRoleBinding',
    });
  return roles;
}

const q = (s: string) => JSON.stringify(s);
const list = (xs: readonly string[]) => `[${xs.map(q).join(', ')}]`;

/** One object of the proposal as Kubernetes manifests (Role then binding), in apply order. */
export interface ManifestPair {
  role: Record<string, unknown>;
  binding: Record<string, unknown>;
}

/** The Role and binding objects for a subject (the account itself, or its copy). */
export function proposalObjects(
  roles: readonly ProposedRole[],
  subject: { namespace: string; name: string },
  labels: Record<string, string>,
): ManifestPair[] {
  return roles.map((r) => {
    const meta = { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), labels: { ...labels } };
    return {
      role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: r.kind, metadata: meta, rules: r.rules },
      binding: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: r.bindingKind,
        metadata: { ...meta, labels: { ...labels } },
        subjects: [{ kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: r.kind, name: r.name },
      },
    };
  });
}

function ruleYaml(r: ProposedRule): string {
  const lines: string[] = [];
  if (r.apiGroups) lines.push(`apiGroups: ${list(r.apiGroups)}`);
  if (r.resources) lines.push(`resources: ${list(r.resources)}`);
  if (r.resourceNames?.length) lines.push(`resourceNames: ${list(r.resourceNames)}`);
  if (r.nonResourceURLs) lines.push(`nonResourceURLs: ${list(r.nonResourceURLs)}`);
  lines.push(`verbs: ${list(r.verbs)}`);
  return lines.map((l, i) => `  ${i === 0 ? '- ' : '  '}${l}`).join('\n');
}

/** The proposal as YAML a user can `kubectl apply -f`, bound to `subject`. */
export function proposalYaml(
  roles: readonly ProposedRole[],
  subject: { namespace: string; name: string },
): string {
  if (roles.length === 0) return '# Nothing was used in this window: no Role is needed.\n';
  const docs: string[] = [];
  for (const r of roles) {
    const ns = r.namespace ? `\n  namespace: ${q(r.namespace)}` : '';
    docs.push(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${r.kind}\nmetadata:\n  name: ${q(r.name)}${ns}\nrules:\n${r.rules.map(ruleYaml).join('\n')}`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${r.bindingKind}\nmetadata:\n  name: ${q(r.name)}${ns}\nsubjects:\n  - kind: ServiceAccount\n    name: ${q(subject.name)}\n    namespace: ${q(subject.namespace)}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${r.kind}\n  name: ${q(r.name)}`,
    );
  }
  return `${docs.map((d) => `---\n${d}`).join('\n')}\n`;
}

export function propose(
  serviceAccount: { namespace: string; name: string },
  used: readonly UsedRequest[],
): LeastPrivilegeProposal {
  const roles = proposeRoles(serviceAccount, used);
  return { roles, yaml: proposalYaml(roles, serviceAccount) };
}

const typical = (value: string, wildcard: string) => (value === '*' ? wildcard : value);

/**
 * One concrete request per unused part of each grant (at most MAX_UNUSED_PROBES), to check that a
 * narrowed account lost it: wildcards replaced by a typical value (get, secrets, the core group).
 */
export function unusedProbes(granted: readonly GrantUse[]): { description: string; request: UsedRequest }[] {
  const out: { description: string; request: UsedRequest }[] = [];
  for (const g of unusedGrants(granted)) {
    for (const part of g.unusedParts) {
      if (out.length >= MAX_UNUSED_PROBES) return out;
      const [verbPart = '*', target = '*'] = part.split(' ');
      const verb = typical(verbPart, 'get');
      const base = { verb, count: 0, lastSeen: '', codes: {}, denied: false, version: '' };
      const where = g.namespace ? `in ${g.namespace}` : 'cluster-wide';
      if (g.nonResourceURLs.length > 0) {
        const path = typical(target, '/metrics').replace(/\*+$/, '') || '/';
        out.push({
          description: `${part} ${where}`,
          request: { ...base, group: '', resource: '', subresource: '', namespace: null, name: null, path },
        });
        continue;
      }
      const [resource = 'secrets', subresource = ''] = typical(target, 'secrets').split('/');
      const group = typical(g.apiGroups[0] ?? '', '');
      const name = g.resourceNames[0] ?? null;
      out.push({
        description: `${part}${group ? `.${group}` : ''}${name ? ` named ${g.resourceNames.join(',')}` : ''} ${where}`,
        request: {
          ...base,
          group,
          resource: typical(resource, 'secrets'),
          subresource,
          namespace: g.namespace,
          name,
          path: null,
        },
      });
    }
  }
  return out;
}
