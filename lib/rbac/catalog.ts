/**
 * The vocabulary generated worlds draw from: real verbs, API groups, resources (with subresources)
 * and non-resource URLs, so the objects are valid and meaningful to a real API server.
 */
import { preferredVersion } from '@/lib/k8s/api-paths';

export { SPECIAL_VERBS, STANDARD_VERBS } from '@/lib/k8s/verbs';

/** Versions per group, only to fill ResourceAttributes.version realistically (RBAC ignores it). */
export const GROUP_VERSIONS: Record<string, string> = Object.fromEntries(
  ['', 'apps', 'batch', 'rbac.authorization.k8s.io'].map((g) => [g, preferredVersion(g)]),
);

export const API_GROUPS = Object.keys(GROUP_VERSIONS);

/** Resources per API group; entries with a slash are resource/subresource pairs. */
export const RESOURCES: Record<string, string[]> = {
  '': [
    'pods',
    'pods/log',
    'pods/exec',
    'pods/status',
    'secrets',
    'configmaps',
    'services',
    'serviceaccounts',
    'serviceaccounts/token',
    'namespaces',
    'nodes',
    'replicationcontrollers',
    'replicationcontrollers/scale',
  ],
  apps: [
    'deployments',
    'deployments/scale',
    'deployments/status',
    'replicasets',
    'replicasets/scale',
    'statefulsets',
    'statefulsets/scale',
    'daemonsets',
  ],
  batch: ['jobs', 'jobs/status', 'cronjobs'],
  'rbac.authorization.k8s.io': ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
};

/** Wildcard resource forms upstream understands. */
export const WILDCARD_RESOURCES = ['*', '*/scale', '*/status', '*/log'];

/** nonResourceURLs entries for ClusterRoles, including trailing-star prefixes. */
export const NON_RESOURCE_URL_RULES = [
  '/healthz',
  '/healthz/*',
  '/logs/*',
  '/metrics',
  '/version',
  '/tokenscope/*',
  '*',
];

/** Concrete request paths, some matching the prefixes above and some matching nothing. */
export const NON_RESOURCE_PATHS = [
  '/healthz',
  '/healthz/etcd',
  '/logs',
  '/logs/',
  '/logs/kube-apiserver.log',
  '/metrics',
  '/version',
  '/tokenscope/probe',
  '/unlisted',
];

/** Verbs used against non-resource URLs (HTTP methods lowercased, as the authorizer sees them). */
export const NON_RESOURCE_VERBS = ['get', 'post', 'put', 'delete'];

/** Object names used in resourceNames for anything but ServiceAccounts. */
export const OBJECT_NAMES = ['web-0', 'web-1', 'db', 'cache', 'config', 'token-a'];

/** Reports whether a verb acts on a collection, so a real request for it carries no object name. */
export function isCollectionVerb(verb: string): boolean {
  return verb === 'list' || verb === 'watch' || verb === 'create' || verb === 'deletecollection';
}
