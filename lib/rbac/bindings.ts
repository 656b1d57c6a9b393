/**
 * The bindings browser's model: every RoleBinding and ClusterRoleBinding as one flat row, the rules
 * of the roles they reference, the filters, and keyset paging over the filtered rows. Pure and
 * isomorphic: the server builds, filters and pages the model from the RBAC index; the browser
 * narrows the rows it holds with the same filters while it waits for the server.
 */
import { rulesEqual, selectorMatches } from './aggregate';
import { apiGroupMatches, resourceMatches, verbMatches } from './match';
import { type RbacIndex, resolveRole } from './rbac-index';
import { serviceAccountSubjectNamespace } from './identity';
import { type BindingRow, CLUSTER_SCOPE, filterParams } from '@/lib/contracts/rbac-bindings';
import type { Binding, BindingKind, PolicyRule, Role, RoleKind, Subject, SubjectKind } from './types';

export { type BindingRow, CLUSTER_SCOPE, filterParams };
export { bindingHref, roleHref } from './object-hrefs';

/** A row with its lower-cased search text computed once, so a keystroke only compares strings. */
export interface SearchableRow extends BindingRow {
  roleLower: string;
  /** Subject names lower-cased (`namespace/name` for ServiceAccounts), parallel to `subjects`. */
  subjectsLower: string[];
}

/** A rule as the browser needs it for the verb/resource filter (names and URLs do not filter). */
export interface CompactRule {
  v: string[];
  g: string[];
  r: string[];
}

export interface BindingsModel {
  rows: BindingRow[];
  /** Rules of every role some binding references, by `roleKey`. */
  roles: Record<string, CompactRule[]>;
  namespaces: string[];
  roleCount: number;
  clusterRoleCount: number;
}

/** Filters of the bindings browser, as kept in the URL. Empty strings filter nothing. */
export interface BindingFilter {
  /** A namespace, CLUSTER_SCOPE for ClusterRoleBindings only, or '' for all. */
  ns: string;
  subjectKind: '' | SubjectKind;
  subject: string;
  role: string;
  verb: string;
  resource: string;
  danglingOnly: boolean;
}

export const emptyFilter: BindingFilter = {
  ns: '',
  subjectKind: '',
  subject: '',
  role: '',
  verb: '',
  resource: '',
  danglingOnly: false,
};

const subjectKinds: readonly SubjectKind[] = ['User', 'Group', 'ServiceAccount'];

/** Reads filters from a URL query; unknown or malformed values filter nothing. */
export function filterFromQuery(query: Record<string, string | string[] | undefined>): BindingFilter {
  const get = (key: string): string => {
    const v = query[key];
    return typeof v === 'string' ? v.trim().slice(0, 253) : '';
  };
  const kind = get(filterParams.subjectKind);
  return {
    ns: get(filterParams.ns),
    subjectKind: (subjectKinds as readonly string[]).includes(kind) ? (kind as SubjectKind) : '',
    subject: get(filterParams.subject),
    role: get(filterParams.role),
    verb: get(filterParams.verb),
    resource: get(filterParams.resource),
    danglingOnly: get(filterParams.danglingOnly) === '1',
  };
}

/** The URL query of a filter, without empty values, in a stable order. */
export function filterToQuery(filter: BindingFilter): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(filterParams) as (keyof BindingFilter)[]) {
    const value = filter[key];
    if (key === 'danglingOnly') {
      if (value) params.set(filterParams[key], '1');
    } else if (value) params.set(filterParams[key], String(value));
  }
  return params.toString();
}

/** Key of a role in BindingsModel.roles and of its page: `ClusterRole:name` or `Role:namespace/name`. */
export function roleKey(kind: RoleKind, namespace: string | undefined, name: string): string {
  return kind === 'ClusterRole' ? `ClusterRole:${name}` : `Role:${namespace ?? ''}/${name}`;
}

/** A subject as one string: `Kind:name`, a ServiceAccount as `ServiceAccount:namespace/name`. */
export function subjectLabel(subject: Subject, bindingNamespace: string): string {
  if (subject.kind !== 'ServiceAccount') return `${subject.kind}:${subject.name}`;
  return `ServiceAccount:${serviceAccountSubjectNamespace(subject, bindingNamespace)}/${subject.name}`;
}

/** Splits `Kind:name` back into kind and name. */
export function parseSubjectLabel(label: string): { kind: SubjectKind; name: string } {
  const at = label.indexOf(':');
  return { kind: label.slice(0, at) as SubjectKind, name: label.slice(at + 1) };
}

function compact(rules: readonly PolicyRule[]): CompactRule[] {
  return rules
    .filter((r) => (r.resources ?? []).length > 0)
    .map((r) => ({ v: r.verbs, g: r.apiGroups ?? [], r: r.resources ?? [] }));
}

const byScopeThenName = (a: { ns: string; name: string }, b: { ns: string; name: string }): number =>
  a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** The continue token after a row: `namespace/name`, `/name` for a ClusterRoleBinding (neither holds a `/`). */
export function bindingsCursor(row: { ns: string; name: string }): string {
  return `${row.ns}/${row.name}`;
}

/** Reads a continue token back; undefined when it is not one. */
export function parseBindingsCursor(token: string): { ns: string; name: string } | undefined {
  const at = token.indexOf('/');
  if (at < 0 || token.indexOf('/', at + 1) >= 0 || at === token.length - 1) return undefined;
  return { ns: token.slice(0, at), name: token.slice(at + 1) };
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => v === b[i]));

/**
 * Whether two rows render the same. A server answer (a filter's page, a live refresh) brings new
 * row objects for bindings already shown: compared by content, those rows are not rendered again.
 */
export function sameRow(a: BindingRow, b: BindingRow): boolean {
  return (
    a === b ||
    (a.kind === b.kind &&
      a.ns === b.ns &&
      a.name === b.name &&
      a.roleKind === b.roleKind &&
      a.roleName === b.roleName &&
      a.role === b.role &&
      sameList(a.subjects, b.subjects) &&
      sameList(a.dangling, b.dangling))
  );
}

/**
 * Keyset paging over rows in model order: the `limit` rows after `after` (from the start without it),
 * and the continue token when more follow. A binding added or deleted between two pages neither
 * repeats nor skips a row, as offsets would.
 */
export function pageAfter<R extends BindingRow>(
  rows: readonly R[],
  limit: number,
  after?: { ns: string; name: string },
): { items: R[]; continue?: string } {
  let lo = 0;
  if (after) {
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byScopeThenName(rows[mid] as R, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
  }
  const items = rows.slice(lo, lo + limit);
  const last = items[items.length - 1];
  return lo + limit < rows.length && last ? { items, continue: bindingsCursor(last) } : { items };
}

/**
 * Builds the browser's model from the index: ClusterRoleBindings first, then RoleBindings by
 * namespace and name. `missingSubjects` (from hygiene) marks bindings whose subjects are missing.
 */
export function buildBindingsModel(
  index: RbacIndex,
  missingSubjects: ReadonlyMap<string, string[]> = new Map(),
): BindingsModel {
  const rows: BindingRow[] = [];
  const roles: Record<string, CompactRule[]> = {};
  const namespaces = new Set<string>();
  // One string per distinct subject label: a group or account bound many times is labelled once
  // (at the 100k-binding world, ~200,000 labels over a few tens of thousands of subjects).
  const labels = new Map<string, string>();
  const label = (text: string): string => {
    const held = labels.get(text);
    if (held !== undefined) return held;
    labels.set(text, text);
    return text;
  };
  for (const { binding, scope } of index.bindings.values()) {
    const ns = scope ?? '';
    if (ns) namespaces.add(ns);
    const role = resolveRole(index, binding.roleRef, ns);
    const row: BindingRow = {
      kind: binding.kind,
      ns,
      name: binding.name,
      roleKind: binding.roleRef.kind,
      roleName: binding.roleRef.name,
      subjects: binding.subjects.map((s) => label(subjectLabel(s, ns))),
    };
    const dangling: string[] = [];
    if (role) {
      const key = roleKey(role.kind, role.namespace, role.name);
      roles[key] ??= compact(role.rules);
      row.role = key;
    } else {
      dangling.push(missingRoleReason(binding));
    }
    dangling.push(...(missingSubjects.get(bindingKeyOf(binding)) ?? []));
    if (dangling.length) row.dangling = dangling;
    rows.push(row);
  }
  rows.sort(byScopeThenName);
  return {
    rows,
    roles,
    namespaces: [...namespaces].sort(),
    roleCount: index.roles.size,
    clusterRoleCount: index.clusterRoles.size,
  };
}

/** Says which role a dangling binding references, and why it cannot resolve. */
export function missingRoleReason(binding: Binding): string {
  const { kind, name } = binding.roleRef;
  if (kind === 'Role' && binding.kind === 'ClusterRoleBinding')
    return `references Role ${name}, which a ClusterRoleBinding can never resolve`;
  return kind === 'Role'
    ? `Role ${binding.namespace ?? ''}/${name} does not exist`
    : `ClusterRole ${name} does not exist`;
}

/** A binding's identity as one string: `ClusterRoleBinding:name` or `RoleBinding:namespace/name`. */
export function bindingKeyOf(binding: { kind: BindingKind; namespace?: string; name: string }): string {
  return binding.kind === 'ClusterRoleBinding'
    ? `ClusterRoleBinding:${binding.name}`
    : `RoleBinding:${binding.namespace ?? ''}/${binding.name}`;
}

/** Splits a resource filter "pods", "pods/log" or "deployments.apps" into resource, subresource and group. */
export function parseResourceFilter(text: string): {
  resource: string;
  subresource?: string;
  group?: string;
} {
  const [head = '', sub] = text.trim().toLowerCase().split('/', 2);
  const dot = head.indexOf('.');
  const resource = dot < 0 ? head : head.slice(0, dot);
  const group = dot < 0 ? undefined : head.slice(dot + 1);
  const out: { resource: string; subresource?: string; group?: string } = { resource };
  if (sub) out.subresource = sub;
  if (group !== undefined) out.group = group;
  return out;
}

/**
 * Reports whether a role's rules grant the verb on the resource (for some or all names). An empty
 * verb or resource means "any"; without a group in the resource filter, every API group counts.
 */
export function rulesGrant(rules: readonly CompactRule[], verb: string, resourceText: string): boolean {
  const v = verb.trim().toLowerCase();
  const { resource, subresource, group } = parseResourceFilter(resourceText);
  return rules.some((c) => {
    const rule: PolicyRule = { verbs: c.v, apiGroups: c.g, resources: c.r };
    if (v && !verbMatches(rule, v)) return false;
    if (group !== undefined && !apiGroupMatches(rule, group)) return false;
    return !resource || resourceMatches(rule, resource, subresource);
  });
}

/** Lower-cased filter text, so each row test does not lower-case the needle again. */
function needles(filter: BindingFilter) {
  return { subject: filter.subject.toLowerCase(), role: filter.role.toLowerCase() };
}

function searchable(row: BindingRow): SearchableRow {
  if ('roleLower' in row) return row as SearchableRow;
  return {
    ...row,
    roleLower: row.roleName.toLowerCase(),
    subjectsLower: row.subjects.map((l) => l.slice(l.indexOf(':') + 1).toLowerCase()),
  };
}

function subjectsMatch(row: SearchableRow, kind: string, needle: string): boolean {
  const prefix = `${kind}:`;
  for (let i = 0; i < row.subjects.length; i++) {
    if (kind && !row.subjects[i]?.startsWith(prefix)) continue;
    if (!needle || row.subjectsLower[i]?.includes(needle)) return true;
  }
  return false;
}

/**
 * A row's test against every filter but the grant ones (verb, resource), which need the roles'
 * rules: the bindings browser narrows the rows it holds with it while it asks the server, without
 * carrying the rule matching.
 */
export function rowFilter(filter: BindingFilter): (row: BindingRow) => boolean {
  const n = needles(filter);
  const wantsSubject = filter.subjectKind !== '' || n.subject !== '';
  return (plain) => {
    const row = searchable(plain);
    if (filter.ns === CLUSTER_SCOPE ? row.ns !== '' : filter.ns !== '' && row.ns !== filter.ns) return false;
    if (filter.danglingOnly && !row.dangling) return false;
    if (n.role && !row.roleLower.includes(n.role)) return false;
    return !wantsSubject || subjectsMatch(row, filter.subjectKind, n.subject);
  };
}

/**
 * The rows that pass every filter, in model order. Role grants are decided once per role, not per
 * row (a role without rules in `model.roles` grants nothing).
 */
export function filterBindings<R extends BindingRow>(
  model: { rows: R[]; roles: Record<string, CompactRule[]> },
  filter: BindingFilter,
): R[] {
  const keep = rowFilter(filter);
  const grant = filter.verb.trim() !== '' || filter.resource.trim() !== '';
  const grantCache = new Map<string, boolean>();
  const grants = (key: string | undefined): boolean => {
    if (key === undefined) return false;
    let hit = grantCache.get(key);
    if (hit === undefined) {
      hit = rulesGrant(model.roles[key] ?? [], filter.verb, filter.resource);
      grantCache.set(key, hit);
    }
    return hit;
  };
  const out: R[] = [];
  for (const row of model.rows) {
    if (!keep(row)) continue;
    if (grant && !grants(row.role)) continue;
    out.push(row);
  }
  return out;
}

/** Where one rule of a role comes from: the role itself, or the aggregated ClusterRoles holding it. */
export interface RuleWithSource {
  rule: PolicyRule;
  /** ClusterRoles the aggregation controller copied this rule from; empty for the role's own rules. */
  from: string[];
}

/**
 * The rules of a role with where each comes from. For an aggregated ClusterRole, the rules are the
 * ones the controller materialized; each names every ClusterRole its selectors match (itself
 * excluded, sorted by name) that holds an equal rule. A rule no current source holds keeps `from`
 * empty: the controller has not caught up yet, or someone wrote it by hand.
 */
export function rulesWithSources(role: Role, clusterRoles: Iterable<Role>): RuleWithSource[] {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!selectors) return role.rules.map((rule) => ({ rule, from: [] }));
  const sources = [...clusterRoles]
    .filter((c) => c.name !== role.name && selectors.some((sel) => selectorMatches(sel, c.labels)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return role.rules.map((rule) => ({
    rule,
    from: sources.filter((s) => s.rules.some((r) => rulesEqual(r, rule))).map((s) => s.name),
  }));
}
