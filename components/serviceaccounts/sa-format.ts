/** Pure formatting helpers shared by the ServiceAccount and RBAC views (server and browser). */
import { STANDARD_VERBS } from '@/lib/k8s/verbs';

/** Kubernetes-style age ("45s", "12m", "3h", "20d") of a timestamp, relative to now. */
export function formatAge(iso: string | undefined, now: number): string {
  if (!iso) return '—';
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** A duration in seconds with a human unit beside it: "600 s (10 min)". */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${seconds} s (${+(seconds / 60).toFixed(1)} min)`;
  if (seconds < 172_800) return `${seconds} s (${+(seconds / 3600).toFixed(1)} h)`;
  return `${seconds} s (${+(seconds / 86_400).toFixed(1)} d)`;
}

/** How a rule's scope reads: cluster-wide for ClusterRoleBindings, else the namespace. */
export function scopeLabel(namespace: string | null): string {
  return namespace === null ? 'cluster-wide' : `namespace ${namespace}`;
}

/** An API group as people say it: "" is the core group. */
export function groupLabel(group: string): string {
  return group === '' ? 'core' : group;
}

/** "kind/name" with the namespace when there is one: "RoleBinding default/view-pods". */
export function refLabel(ref: { kind: string; name: string; namespace?: string }): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/** The canonical order of verbs in the permissions matrix; others follow alphabetically. */
export const VERB_ORDER = ['*', ...STANDARD_VERBS, 'impersonate', 'bind', 'escalate', 'use', 'approve', 'sign'];

/** Sorts verbs by VERB_ORDER, unknown verbs last in alphabetical order. */
export function sortVerbs(verbs: Iterable<string>): string[] {
  const rank = (v: string) => {
    const i = VERB_ORDER.indexOf(v);
    return i < 0 ? VERB_ORDER.length : i;
  };
  return [...new Set(verbs)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** One PolicyRule in a line: "list, watch pods, services (core) [only web]" or "get /healthz". */
export function ruleText(rule: {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}): string {
  const verbs = rule.verbs.join(', ');
  if (rule.nonResourceURLs?.length) return `${verbs} ${rule.nonResourceURLs.join(', ')}`;
  const groups = (rule.apiGroups ?? []).map(groupLabel).join(', ');
  const names = rule.resourceNames?.length ? ` [only ${rule.resourceNames.join(', ')}]` : '';
  return `${verbs} ${(rule.resources ?? []).join(', ')} (${groups})${names}`;
}

/** Grants with each binding once (a role may grant the same thing through several rules). */
export function uniqueByBinding<T extends { binding: { kind: string; name: string; namespace?: string } }>(
  grants: readonly T[],
): T[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const key = bindingKey(g.binding);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A stable key for a binding reference. */
export function bindingKey(b: { kind: string; name: string; namespace?: string }): string {
  return `${b.kind}/${b.namespace ?? ''}/${b.name}`;
}
