// The verbs of Kubernetes' API: the standard request verbs (k8s.io/apiserver/pkg/endpoints/request,
// RequestInfoFactory) and the ones RBAC gives a special meaning.

/** Verbs every resource request uses. */
export const STANDARD_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];

/** Verbs with special meaning to RBAC or other admission paths. */
export const SPECIAL_VERBS = ['impersonate', 'escalate', 'bind'];
