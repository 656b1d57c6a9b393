import { BOUND_KIND_RESOURCES } from './object-refs';

// The resources a workshop touches, in one table, with kubectl's singular and short names
// (`kubectl api-resources` of a v1.36 API server). Where they live (group versions, paths) is in
// api-paths.ts, so that browser code using the table does not load it.

/** One resource as the API (and RBAC) names it. */
export interface ResourceFact {
  group: string;
  resource: string;
  namespaced: boolean;
  /** Singular and short names kubectl accepts. */
  aliases: readonly string[];
}

/** The RBAC API group. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Resources a workshop touches; anything else is taken as written. */
export const RESOURCES: readonly ResourceFact[] = [
  { group: '', resource: BOUND_KIND_RESOURCES.Pod, namespaced: true, aliases: ['pod', 'po'] },
  {
    group: '',
    resource: 'serviceaccounts',
    namespaced: true,
    aliases: ['serviceaccount', 'sa'],
  },
  { group: '', resource: BOUND_KIND_RESOURCES.Secret, namespaced: true, aliases: ['secret'] },
  { group: '', resource: 'configmaps', namespaced: true, aliases: ['configmap', 'cm'] },
  { group: '', resource: 'services', namespaced: true, aliases: ['service', 'svc'] },
  { group: '', resource: 'events', namespaced: true, aliases: ['event', 'ev'] },
  { group: '', resource: 'namespaces', namespaced: false, aliases: ['namespace', 'ns'] },
  { group: '', resource: BOUND_KIND_RESOURCES.Node, namespaced: false, aliases: ['node', 'no'] },
  {
    group: '',
    resource: 'persistentvolumes',
    namespaced: false,
    aliases: ['persistentvolume', 'pv'],
  },
  {
    group: 'apps',
    resource: 'deployments',
    namespaced: true,
    aliases: ['deployment', 'deploy'],
  },
  {
    group: 'apps',
    resource: 'replicasets',
    namespaced: true,
    aliases: ['replicaset', 'rs'],
  },
  {
    group: 'apps',
    resource: 'statefulsets',
    namespaced: true,
    aliases: ['statefulset', 'sts'],
  },
  {
    group: 'apps',
    resource: 'daemonsets',
    namespaced: true,
    aliases: ['daemonset', 'ds'],
  },
  { group: 'batch', resource: 'jobs', namespaced: true, aliases: ['job'] },
  { group: 'batch', resource: 'cronjobs', namespaced: true, aliases: ['cronjob', 'cj'] },
  { group: RBAC_GROUP, resource: 'roles', namespaced: true, aliases: ['role'] },
  { group: RBAC_GROUP, resource: 'rolebindings', namespaced: true, aliases: ['rolebinding'] },
  { group: RBAC_GROUP, resource: 'clusterroles', namespaced: false, aliases: ['clusterrole'] },
  {
    group: RBAC_GROUP,
    resource: 'clusterrolebindings',
    namespaced: false,
    aliases: ['clusterrolebinding'],
  },
];

/** The table row for `resource` (its plural, singular or short name) in `group`, if any (any group when undefined). */
export function findResource(name: string, group?: string): ResourceFact | undefined {
  return RESOURCES.find(
    (r) => (r.resource === name || r.aliases.includes(name)) && (group === undefined || group === r.group),
  );
}
