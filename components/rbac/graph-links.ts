// Where each node of the RBAC graph leads (Enter or click), and the graph URL of a focus. Pure, so
// the server page, the graph and the text form agree.
import type { GraphQuery } from '@/lib/contracts/rbac-graph.schema';
import { bindingHref, roleHref } from '@/lib/rbac/object-hrefs';
import type { GraphFocus, GraphNode } from '@/lib/rbac/graph';

/** The /rbac/graph URL of a focus, with the choice in the query so it can be shared. */
export function graphHref(focus: GraphFocus): string {
  const q = new URLSearchParams();
  if (focus.kind === 'subject') {
    q.set('kind', focus.subject.kind);
    if (focus.subject.namespace) q.set('namespace', focus.subject.namespace);
    q.set('name', focus.subject.name);
  } else if (focus.kind === 'role') {
    q.set('kind', focus.role.kind);
    if (focus.role.kind === 'Role' && focus.role.namespace) q.set('namespace', focus.role.namespace);
    q.set('name', focus.role.name);
  } else {
    q.set('kind', 'Namespace');
    q.set('namespace', focus.namespace);
  }
  return `/rbac/graph?${q.toString()}`;
}

/** The who-can question a rule answers, asked with its first verb and resource. */
function whoCanHref(node: Extract<GraphNode['ref'], { type: 'rule' }>): string | undefined {
  const { rule, namespace } = node;
  const verb = rule.verbs.find((v) => v !== '*') ?? rule.verbs[0];
  const resource = (rule.resources ?? [])[0];
  if (!verb || !resource) return undefined;
  const [res, sub] = resource.split('/', 2);
  const q = new URLSearchParams({ verb, resource: res ?? resource });
  if (sub) q.set('subresource', sub);
  const group = (rule.apiGroups ?? [])[0];
  if (group && group !== '*') q.set('group', group);
  if (namespace) q.set('namespace', namespace);
  return `/rbac/who-can?${q.toString()}`;
}

/**
 * The page a node opens: a ServiceAccount's page (its pods section for a pod), the graph of a
 * User or Group, a binding's or role's own page, the who-can answer for a rule's first verb and resource.
 */
export function nodeHref(node: GraphNode): string | undefined {
  const ref = node.ref;
  switch (ref.type) {
    case 'subject':
      if (ref.kind === 'ServiceAccount' && ref.namespace)
        return `/serviceaccounts/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
      return graphHref({ kind: 'subject', subject: { kind: ref.kind, name: ref.name } });
    case 'binding':
      return bindingHref(ref.kind, ref.namespace, ref.name);
    case 'role':
      return ref.found ? roleHref(ref.kind, ref.namespace, ref.name) : undefined;
    case 'rule':
      return whoCanHref(ref);
    case 'pod':
      return `/serviceaccounts/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.serviceAccount)}#pods-heading`;
    default:
      return undefined;
  }
}

/** The engine's focus for a validated query. */
export function focusOf(q: GraphQuery): GraphFocus {
  switch (q.kind) {
    case 'ServiceAccount':
      return { kind: 'subject', subject: { kind: 'ServiceAccount', namespace: q.namespace, name: q.name } };
    case 'User':
    case 'Group':
      return { kind: 'subject', subject: { kind: q.kind, name: q.name } };
    case 'ClusterRole':
      return { kind: 'role', role: { kind: 'ClusterRole', name: q.name } };
    case 'Role':
      return { kind: 'role', role: { kind: 'Role', namespace: q.namespace, name: q.name } };
    default:
      return { kind: 'namespace', namespace: q.namespace };
  }
}
