/**
 * Plain-data mirrors of the Kubernetes RBAC objects and authorizer attributes, holding only the
 * fields the RBAC authorizer reads (k8s.io/api/rbac/v1 and k8s.io/apiserver authorizer.Attributes).
 */

/** One rbac/v1 PolicyRule; absent lists behave exactly like empty ones upstream. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** One metav1.LabelSelectorRequirement; operators are In, NotIn, Exists and DoesNotExist. */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** A label selector as used by ClusterRole aggregation. */
export interface ClusterRoleSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface AggregationRule {
  clusterRoleSelectors: ClusterRoleSelector[];
}

export type RoleKind = 'Role' | 'ClusterRole';

/** A Role or ClusterRole; for aggregated ClusterRoles `rules` holds the controller-materialized rules. */
export interface Role {
  kind: RoleKind;
  name: string;
  namespace?: string;
  rules: PolicyRule[];
  aggregationRule?: AggregationRule;
  labels?: Record<string, string>;
}

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface Subject {
  kind: SubjectKind;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';

export interface RoleRef {
  kind: RoleKind;
  name: string;
}

export interface Binding {
  kind: BindingKind;
  name: string;
  namespace?: string;
  roleRef: RoleRef;
  subjects: Subject[];
}

/** The authenticated identity the authorizer sees (user.Info without uid/extra, which RBAC ignores). */
export interface UserInfo {
  username: string;
  groups: string[];
}

/** authorizer.Attributes of a resource request; namespace '' or undefined means cluster-scoped or all namespaces. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  version?: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** authorizer.Attributes of a non-resource request such as GET /healthz. */
export interface NonResourceAttributes {
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

/** All RBAC objects of a cluster, as listed from the API. */
export interface RbacObjects {
  roles: Role[];
  clusterRoles: Role[];
  roleBindings: Binding[];
  clusterRoleBindings: Binding[];
}

export interface BindingRef {
  kind: BindingKind;
  name: string;
  namespace?: string;
}

/** Where a permission comes from: the binding, the role it references and the subject that matched. */
export interface GrantSource {
  binding: BindingRef;
  role: RoleRef;
  subject: Subject;
}

/** A GrantSource narrowed to the single rule that allowed a request. */
export interface Grant extends GrantSource {
  rule: PolicyRule;
}

/** Tells resource attributes from non-resource attributes, like authorizer.Attributes.IsResourceRequest. */
export function isResourceRequest(attrs: RequestAttributes): attrs is ResourceAttributes {
  return !('path' in attrs);
}
