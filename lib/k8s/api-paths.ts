import { RBAC_GROUP, type ResourceFact, RESOURCES } from './resources';

// Where resources live on the API: the preferred version of each group (discovery of a v1.36 API
// server) and the paths kubectl builds from group, version, namespace, resource and name.

/** Preferred version of common API groups ('' is core), so a request needs only a group and a resource. */
export const PREFERRED_VERSIONS: Readonly<Record<string, string>> = {
  '': 'v1',
  apps: 'v1',
  batch: 'v1',
  [RBAC_GROUP]: 'v1',
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

/** The table row of a resource known to be in the table (a typo is a bug, so this throws). */
export function resourceFact(group: string, resource: string): ResourceFact {
  const found = RESOURCES.find((r) => r.group === group && r.resource === resource);
  if (!found) throw new Error(`not in the resource table: ${group}/${resource}`);
  return found;
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
