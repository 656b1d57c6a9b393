import type { BoundKind } from './object-refs';

// The group/version/resource facts Tokenscope needs, in one table: the resources a workshop
// touches (with kubectl's singular and short names, `kubectl api-resources`), and the preferred
// version of each API group (discovery of a v1.36 API server).

/** One resource as the API (and RBAC) names it. */
export interface ResourceFact {
  group: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Singular and short names kubectl accepts. */
  aliases: readonly string[];
}

const RBAC = 'rbac.authorization.k8s.io';

/** Resources a workshop touches; anything else is taken as written. */
export const RESOURCES: readonly ResourceFact[] = [
  { group: '', resource: 'pods', kind: 'Pod', namespaced: true, aliases: ['pod', 'po'] },
  {
    group: '',
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    namespaced: true,
    aliases: ['serviceaccount', 'sa'],
  },
  { group: '', resource: 'secrets', kind: 'Secret', namespaced: true, aliases: ['secret'] },
  { group: '', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, aliases: ['configmap', 'cm'] },
  { group: '', resource: 'services', kind: 'Service', namespaced: true, aliases: ['service', 'svc'] },
  { group: '', resource: 'events', kind: 'Event', namespaced: true, aliases: ['event', 'ev'] },
  { group: '', resource: 'namespaces', kind: 'Namespace', namespaced: false, aliases: ['namespace', 'ns'] },
  { group: '', resource: 'nodes', kind: 'Node', namespaced: false, aliases: ['node', 'no'] },
  {
    group: '',
    resource: 'persistentvolumes',
    kind: 'PersistentVolume',
    namespaced: false,
    aliases: ['persistentvolume', 'pv'],
  },
  {
    group: 'apps',
    resource: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    aliases: ['deployment', 'deploy'],
  },
  {
    group: 'apps',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    aliases: ['replicaset', 'rs'],
  },
  {
    group: 'apps',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    aliases: ['statefulset', 'sts'],
  },
  {
    group: 'apps',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    namespaced: true,
    aliases: ['daemonset', 'ds'],
  },
  { group: 'batch', resource: 'jobs', kind: 'Job', namespaced: true, aliases: ['job'] },
  { group: 'batch', resource: 'cronjobs', kind: 'CronJob', namespaced: true, aliases: ['cronjob', 'cj'] },
  { group: RBAC, resource: 'roles', kind: 'Role', namespaced: true, aliases: ['role'] },
  { group: RBAC, resource: 'rolebindings', kind: 'RoleBinding', namespaced: true, aliases: ['rolebinding'] },
  { group: RBAC, resource: 'clusterroles', kind: 'ClusterRole', namespaced: false, aliases: ['clusterrole'] },
  {
    group: RBAC,
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
    aliases: ['clusterrolebinding'],
  },
];

/** Preferred version of common API groups ('' is core), so a request needs only a group and a resource. */
export const PREFERRED_VERSIONS: Readonly<Record<string, string>> = {
  '': 'v1',
  apps: 'v1',
  batch: 'v1',
  [RBAC]: 'v1',
  'networking.k8s.io': 'v1',
  policy: 'v1',
  autoscaling: 'v2',
  'coordination.k8s.io': 'v1',
  'storage.k8s.io': 'v1',
  'discovery.k8s.io': 'v1',
  'apiextensions.k8s.io': 'v1',
  'admissionregistration.k8s.io': 'v1',
  'certificates.k8s.io': 'v1',
  'scheduling.k8s.io': 'v1',
  'node.k8s.io': 'v1',
  'events.k8s.io': 'v1',
};

/** The preferred version of `group`, defaulting to v1 for groups not in the table. */
export function preferredVersion(group: string): string {
  return PREFERRED_VERSIONS[group] ?? 'v1';
}

/** The table row for `resource` (its plural, singular or short name) in `group`, if any (any group when undefined). */
export function findResource(name: string, group?: string): ResourceFact | undefined {
  return RESOURCES.find(
    (r) => (r.resource === name || r.aliases.includes(name)) && (group === undefined || group === r.group),
  );
}

/** The table row of a resource known to be in the table (a typo is a bug, so this throws). */
export function resourceFact(group: string, resource: string): ResourceFact {
  const found = RESOURCES.find((r) => r.group === group && r.resource === resource);
  if (!found) throw new Error(`not in the resource table: ${group}/${resource}`);
  return found;
}

/** The resource (lowercase plural) of a kind a token may be bound to, as kubectl and RBAC name it. */
export function resourceOfBoundKind(kind: BoundKind): string {
  const found = RESOURCES.find((r) => r.group === '' && r.kind === kind);
  if (!found) throw new Error(`not in the resource table: ${kind}`);
  return found.resource;
}

/** The API path of a collection or object, as kubectl builds it (`/api/v1/…` for core, `/apis/<group>/<version>/…`). */
export function apiPath(p: {
  group: string;
  version?: string;
  resource: string;
  namespace?: string;
  name?: string;
}): string {
  const version = p.version ?? preferredVersion(p.group);
  const base = p.group === '' ? `/api/${version}` : `/apis/${p.group}/${version}`;
  const ns = p.namespace ? `/namespaces/${p.namespace}` : '';
  const name = p.name ? `/${p.name}` : '';
  return `${base}${ns}/${p.resource}${name}`;
}
