// The bindings browser's paging API (`GET /api/rbac/bindings`), zod-free so the browser can use the
// types; the schemas are in rbac-bindings.schema.ts.

/** The URL segment standing for "cluster-scoped" where a namespace would go (never a valid namespace). */
export const CLUSTER_SCOPE = '_cluster';

/** One binding as the browser lists it; `ns` is '' for a ClusterRoleBinding. */
export interface BindingRow {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  ns: string;
  name: string;
  roleKind: 'Role' | 'ClusterRole';
  roleName: string;
  /** Key into BindingsModel.roles; undefined when the referenced role does not exist. */
  role?: string;
  /** Subjects as `Kind:name`, ServiceAccounts as `ServiceAccount:namespace/name`. */
  subjects: string[];
  /** Why the binding is dangling (role missing, ServiceAccount subject missing); absent when it is not. */
  dangling?: string[];
}

/** URL query keys of each filter (`verb`/`resource` belong to who-can, so the grant filter is prefixed). */
export const filterParams = {
  ns: 'namespace',
  subjectKind: 'subjectKind',
  subject: 'subject',
  role: 'role',
  verb: 'grantVerb',
  resource: 'grantResource',
  danglingOnly: 'dangling',
} as const;

/** /rbac?hygiene=all lists every hygiene finding (up to HYGIENE_ALL_MAX of each kind); without it the first few. */
export const HYGIENE_PARAM = 'hygiene';
export const HYGIENE_ALL = 'all';

/** Rows the page renders first and asks for at a time; at most MAX_BINDINGS_PAGE per request. */
export const DEFAULT_BINDINGS_PAGE = 50;
export const MAX_BINDINGS_PAGE = 500;

/** One page of the filtered bindings, in the browser's order (cluster-wide first, then by namespace and name). */
export interface BindingsPage {
  items: BindingRow[];
  /** Bindings that pass the filters, all pages together. */
  matched: number;
  /** Of those, the dangling ones. */
  danglingMatched: number;
  /** Every binding the caller may list, and the dangling ones among them. */
  total: number;
  danglingTotal: number;
  roleCount: number;
  clusterRoleCount: number;
  /** Why ServiceAccount subjects could not be checked (ServiceAccounts unreadable); rows then flag only missing roles. */
  subjectsUnchecked?: string;
  /** Pass as `continue` for the next page; absent on the last one. */
  continue?: string;
}
