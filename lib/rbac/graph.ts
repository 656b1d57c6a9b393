/**
 * The RBAC graph of one subject, role or namespace: subject → binding → role → rules (and a
 * ServiceAccount → the pods that run as it), as plain nodes and edges for a layout library to place.
 * Pure: the caller hands in the index and, for a ServiceAccount, the names of its pods. Every list is
 * capped so the graph stays readable; what was left out is counted in `omitted`.
 */
import { rulesEqual, selectorMatches } from './aggregate';
import { normalizeSubject, serviceAccountUser, subjectUsername } from './identity';
import { bindingsReachingUser, type IndexedBinding, type RbacIndex, resolveRole } from './rbac-index';
import type { PolicyRule, Role, RoleKind, Subject, SubjectKind } from './types';

export type GraphFocus =
  | { kind: 'subject'; subject: { kind: SubjectKind; name: string; namespace?: string } }
  | { kind: 'role'; role: { kind: RoleKind; name: string; namespace?: string } }
  | { kind: 'namespace'; namespace: string };

export type GraphNodeKind = 'subject' | 'group' | 'binding' | 'role' | 'rule' | 'pod' | 'more';

/** What a node stands for, enough for the UI to link it to its page. */
export type GraphNodeRef =
  | { type: 'subject'; kind: SubjectKind; name: string; namespace?: string }
  | { type: 'binding'; kind: 'RoleBinding' | 'ClusterRoleBinding'; name: string; namespace?: string }
  | { type: 'role'; kind: RoleKind; name: string; namespace?: string; found: boolean }
  | { type: 'rule'; rule: PolicyRule; namespace: string | null }
  | { type: 'pod'; namespace: string; name: string; serviceAccount: string }
  | { type: 'more'; count: number; what: string };

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** Short type line shown above the label ("ClusterRoleBinding", "rule"). */
  caption: string;
  label: string;
  ref: GraphNodeRef;
  /** The node the graph was asked for. */
  focus?: boolean;
  /** A roleRef to a role that does not exist, or a subject that matched nothing. */
  missing?: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** "via group", "aggregates", "runs as"; absent for the plain subject → binding → role → rule chain. */
  label?: string;
}

export interface RbacGraph {
  focus: GraphFocus;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** How many bindings, rules, subjects or pods were left out by the caps. */
  omitted: number;
}

export interface GraphLimits {
  bindings: number;
  rulesPerRole: number;
  subjectsPerBinding: number;
  pods: number;
}

/** Caps that keep a graph near 200 nodes at worst while showing every binding of a typical subject. */
export const DEFAULT_GRAPH_LIMITS: GraphLimits = {
  bindings: 40,
  rulesPerRole: 8,
  subjectsPerBinding: 6,
  pods: 12,
};

/** Formats a rule as "verbs · resources" with its API groups and names, the way the UI lists rules. */
export function ruleLabel(rule: PolicyRule): string {
  const verbs = rule.verbs.join(',') || '(no verbs)';
  if ((rule.nonResourceURLs ?? []).length > 0) return `${verbs} · ${(rule.nonResourceURLs ?? []).join(',')}`;
  const groups = (rule.apiGroups ?? []).filter((g) => g !== '');
  const resources = (rule.resources ?? []).join(',') || '(no resources)';
  const names = (rule.resourceNames ?? []).length > 0 ? ` [${(rule.resourceNames ?? []).join(',')}]` : '';
  return `${verbs} · ${groups.length > 0 ? `${groups.join(',')}/` : ''}${resources}${names}`;
}

export const subjectNodeId = (s: { kind: string; name: string; namespace?: string }): string =>
  s.kind === 'ServiceAccount'
    ? `subject:ServiceAccount:${s.namespace ?? ''}/${s.name}`
    : `subject:${s.kind}:${s.name}`;
const bindingNodeId = (b: IndexedBinding): string => `binding:${b.id}`;
const roleNodeId = (kind: RoleKind, namespace: string, name: string): string =>
  kind === 'ClusterRole' ? `role:ClusterRole:${name}` : `role:Role:${namespace}/${name}`;

class Builder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();
  omitted = 0;
  constructor(
    readonly index: RbacIndex,
    readonly limits: GraphLimits,
  ) {}

  node(node: GraphNode): string {
    const held = this.nodes.get(node.id);
    if (!held) this.nodes.set(node.id, node);
    else if (node.focus) held.focus = true;
    return node.id;
  }

  edge(from: string, to: string, label?: string): void {
    const key = `${from}→${to}`;
    if (!this.edges.has(key)) this.edges.set(key, label ? { from, to, label } : { from, to });
  }

  subject(subject: Subject, focus = false): string {
    const s = subject;
    const label = s.kind === 'ServiceAccount' ? `${s.namespace ?? '?'}/${s.name}` : s.name;
    const ref: GraphNodeRef = { type: 'subject', kind: s.kind, name: s.name };
    if (s.namespace && s.kind === 'ServiceAccount') ref.namespace = s.namespace;
    return this.node({
      id: subjectNodeId(s),
      kind: s.kind === 'Group' ? 'group' : 'subject',
      caption: s.kind,
      label,
      ref,
      ...(focus ? { focus: true } : {}),
    });
  }

  binding(entry: IndexedBinding): string {
    const b = entry.binding;
    const ref: GraphNodeRef = { type: 'binding', kind: b.kind, name: b.name };
    if (entry.scope !== null) ref.namespace = entry.scope;
    return this.node({
      id: bindingNodeId(entry),
      kind: 'binding',
      caption: entry.scope === null ? 'ClusterRoleBinding' : `RoleBinding in ${entry.scope}`,
      label: b.name,
      ref,
    });
  }

  /** Adds the role a binding references, and its rules (aggregated ClusterRoles through their sources). */
  role(kind: RoleKind, name: string, namespace: string, focus = false): string {
    const role = resolveRole(this.index, { kind, name }, namespace);
    const id = roleNodeId(kind, namespace, name);
    const known = this.nodes.has(id);
    const ref: GraphNodeRef = { type: 'role', kind, name, found: role !== undefined };
    if (kind === 'Role') ref.namespace = namespace;
    this.node({
      id,
      kind: 'role',
      caption: role?.aggregationRule
        ? 'ClusterRole (aggregated)'
        : kind === 'Role'
          ? `Role in ${namespace}`
          : kind,
      label: name,
      ref,
      ...(role ? {} : { missing: true }),
      ...(focus ? { focus: true } : {}),
    });
    if (role && !known) this.rules(id, role, kind === 'Role' ? namespace : null);
    return id;
  }

  private rules(roleNode: string, role: Role, namespace: string | null): void {
    let rest = role.rules;
    if (role.aggregationRule) {
      // Each materialized rule is drawn under the first source ClusterRole that holds it.
      const sources = [...this.index.clusterRoles.values()]
        .filter(
          (r) =>
            r.name !== role.name &&
            (role.aggregationRule?.clusterRoleSelectors ?? []).some((s) => selectorMatches(s, r.labels)),
        )
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const source of sources) {
        const mine = rest.filter((rule) => source.rules.some((r) => rulesEqual(r, rule)));
        if (mine.length === 0) continue;
        rest = rest.filter((rule) => !mine.includes(rule));
        const sourceId = this.node({
          id: roleNodeId('ClusterRole', '', source.name),
          kind: 'role',
          caption: 'ClusterRole (aggregated into)',
          label: source.name,
          ref: { type: 'role', kind: 'ClusterRole', name: source.name, found: true },
        });
        this.edge(roleNode, sourceId, 'aggregates');
        this.ruleNodes(sourceId, mine, namespace);
      }
    }
    this.ruleNodes(roleNode, rest, namespace);
  }

  private ruleNodes(parent: string, rules: readonly PolicyRule[], namespace: string | null): void {
    const shown = rules.slice(0, this.limits.rulesPerRole);
    for (const rule of shown) {
      const id = this.node({
        id: `rule:${parent}#${ruleLabel(rule)}`,
        kind: 'rule',
        caption: 'rule',
        label: ruleLabel(rule),
        ref: { type: 'rule', rule, namespace },
      });
      this.edge(parent, id);
    }
    this.more(parent, rules.length - shown.length, 'rules');
  }

  more(parent: string, count: number, what: string, incoming = false): void {
    if (count <= 0) return;
    this.omitted += count;
    const id = this.node({
      id: `more:${parent}:${what}`,
      kind: 'more',
      caption: 'not drawn',
      label: `+${count} more ${what}`,
      ref: { type: 'more', count, what },
    });
    if (incoming) this.edge(id, parent);
    else this.edge(parent, id);
  }

  /** binding → role, and the binding's role's rules. */
  bindingToRole(entry: IndexedBinding): string {
    const id = this.binding(entry);
    const { kind, name } = entry.binding.roleRef;
    this.edge(id, this.role(kind, name, entry.scope ?? ''));
    return id;
  }

  /** subject → binding for up to subjectsPerBinding subjects of the binding. */
  subjectsOf(entry: IndexedBinding, bindingNode: string): void {
    const subjects = entry.binding.subjects.map((s) => normalizeSubject(s, entry.scope ?? ''));
    const shown = subjects.slice(0, this.limits.subjectsPerBinding);
    for (const s of shown) this.edge(this.subject(s), bindingNode);
    this.more(bindingNode, subjects.length - shown.length, 'subjects', true);
  }

  result(focus: GraphFocus): RbacGraph {
    return { focus, nodes: [...this.nodes.values()], edges: [...this.edges.values()], omitted: this.omitted };
  }
}

const byScopeThenName = (a: IndexedBinding, b: IndexedBinding): number =>
  Number(a.scope !== null) - Number(b.scope !== null) || a.ordinal - b.ordinal;

function subjectGraph(
  b: Builder,
  focus: Extract<GraphFocus, { kind: 'subject' }>,
  pods: readonly string[],
): void {
  const s = focus.subject;
  const root = b.subject(
    { kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) },
    true,
  );
  let entries: { entry: IndexedBinding; via?: Subject }[];
  if (s.kind === 'Group') {
    entries = [...b.index.bindings.values()]
      .filter((e) => e.binding.subjects.some((x) => x.kind === 'Group' && x.name === s.name))
      .sort(byScopeThenName)
      .map((entry) => ({ entry }));
  } else {
    const user =
      s.kind === 'ServiceAccount'
        ? serviceAccountUser(s.namespace ?? '', s.name)
        : { username: s.name, groups: [] };
    // A User's groups are not known from RBAC objects, so only the bindings naming them are drawn.
    entries = bindingsReachingUser(b.index, user).map((a) => ({
      entry: a.entry,
      ...(a.subject.kind === 'Group' ? { via: a.subject } : {}),
    }));
  }
  const shown = entries.slice(0, b.limits.bindings);
  for (const { entry, via } of shown) {
    const bindingNode = b.bindingToRole(entry);
    if (via) {
      const group = b.subject(via);
      b.edge(root, group, 'member of');
      b.edge(group, bindingNode);
    } else b.edge(root, bindingNode);
  }
  b.more(root, entries.length - shown.length, 'bindings');
  if (s.kind === 'ServiceAccount') {
    const ns = s.namespace ?? '';
    const shownPods = pods.slice(0, b.limits.pods);
    for (const pod of shownPods) {
      const id = b.node({
        id: `pod:${ns}/${pod}`,
        kind: 'pod',
        caption: 'Pod running as it',
        label: pod,
        ref: { type: 'pod', namespace: ns, name: pod, serviceAccount: s.name },
      });
      b.edge(root, id, 'runs as');
    }
    b.more(root, pods.length - shownPods.length, 'pods');
  }
}

function roleGraph(b: Builder, focus: Extract<GraphFocus, { kind: 'role' }>): void {
  const { kind, name } = focus.role;
  const namespace = kind === 'Role' ? (focus.role.namespace ?? '') : '';
  const roleNode = b.role(kind, name, namespace, true);
  const entries = [...b.index.bindings.values()]
    .filter(
      (e) =>
        e.binding.roleRef.kind === kind &&
        e.binding.roleRef.name === name &&
        (kind === 'ClusterRole' || e.scope === namespace),
    )
    .sort(byScopeThenName);
  const shown = entries.slice(0, b.limits.bindings);
  for (const entry of shown) {
    const id = b.binding(entry);
    b.edge(id, roleNode);
    b.subjectsOf(entry, id);
  }
  b.more(roleNode, entries.length - shown.length, 'bindings', true);
}

function namespaceGraph(b: Builder, focus: Extract<GraphFocus, { kind: 'namespace' }>): void {
  const ns = focus.namespace;
  // The namespace's RoleBindings, then the ClusterRoleBindings that name one of its ServiceAccounts.
  const entries = [...b.index.bindings.values()]
    .filter(
      (e) =>
        e.scope === ns ||
        (e.scope === null &&
          e.binding.subjects.some(
            (s) =>
              s.kind === 'ServiceAccount' &&
              subjectUsername(s, '')?.startsWith(`system:serviceaccount:${ns}:`),
          )),
    )
    .sort(byScopeThenName);
  const shown = entries.slice(0, b.limits.bindings);
  for (const entry of shown) {
    const id = b.bindingToRole(entry);
    b.subjectsOf(entry, id);
  }
  if (entries.length > shown.length) b.omitted += entries.length - shown.length;
}

/** Builds the graph of a subject, a role or a namespace from the index. */
export function buildRbacGraph(
  index: RbacIndex,
  focus: GraphFocus,
  options: { pods?: readonly string[]; limits?: Partial<GraphLimits> } = {},
): RbacGraph {
  const b = new Builder(index, { ...DEFAULT_GRAPH_LIMITS, ...options.limits });
  if (focus.kind === 'subject') subjectGraph(b, focus, options.pods ?? []);
  else if (focus.kind === 'role') roleGraph(b, focus);
  else namespaceGraph(b, focus);
  return b.result(focus);
}

/** The nodes each node leads to and comes from, for keyboard moves and the text form. */
export function neighbours(graph: Pick<RbacGraph, 'edges'>): {
  out: Map<string, string[]>;
  in: Map<string, string[]>;
} {
  const out = new Map<string, string[]>();
  const inc = new Map<string, string[]>();
  for (const e of graph.edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    inc.set(e.to, [...(inc.get(e.to) ?? []), e.from]);
  }
  return { out, in: inc };
}
