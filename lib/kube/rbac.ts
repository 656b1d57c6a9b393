import 'server-only';
import type { TokenMintersResult, WhoCanQuery, WhoCanResult } from '@/lib/contracts/rbac';
import { buildRbacIndex, type RbacIndex } from '@/lib/rbac/rbac-index';
import { rbacObjectsOf } from '@/lib/rbac/rbac-store';
import type { RbacObjects, ResourceAttributes } from '@/lib/rbac/types';
import { tokenMinters, whoCan } from '@/lib/rbac/who-can';
import type { KubeClients } from './clients';
import { eachPage, type ListPage } from './paging';
import { liveRbacIndex, rbacListed } from './rbac-freshness';
import { toBinding, toRole } from './rbac-map';

/** Page size for RBAC lists: large enough to be few calls, small enough to bound each response. */
export const RBAC_PAGE_SIZE = 500;

/** How long a snapshot may be reused by views that tolerate a few seconds of staleness. */
export const SNAPSHOT_TTL_MS = 3_000;

/** All four RBAC kinds of a cluster, indexed for the engine. */
export interface RbacSnapshot {
  objects: RbacObjects;
  index: RbacIndex;
  takenAt: Date;
}

/**
 * Follows continue tokens until the collection is exhausted, RBAC_PAGE_SIZE items per call (a
 * continue token the API server no longer keeps goes on from its newer snapshot, as an informer's
 * view would drift).
 */
async function listAll<T>(
  server: string,
  fetchPage: (page: { limit: number; _continue?: string }) => Promise<ListPage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  await eachPage(
    server,
    (token) => fetchPage({ limit: RBAC_PAGE_SIZE, _continue: token }),
    (page) => {
      items.push(...page);
    },
  );
  return items;
}

/**
 * Lists every Role, ClusterRole, RoleBinding and ClusterRoleBinding with paginated calls and maps
 * them to the engine's types. The four lists are read at slightly different moments, as an
 * authorizer's informers are. Throws mapped AppErrors (`forbidden:kube` when the identity may not list RBAC).
 */
export async function listRbacObjects(clients: KubeClients): Promise<RbacObjects> {
  const { rbac, server } = clients;
  const [roles, clusterRoles, roleBindings, clusterRoleBindings] = await Promise.all([
    listAll(server, (p) => rbac.listRoleForAllNamespaces(p)),
    listAll(server, (p) => rbac.listClusterRole(p)),
    listAll(server, (p) => rbac.listRoleBindingForAllNamespaces(p)),
    listAll(server, (p) => rbac.listClusterRoleBinding(p)),
  ]);
  return {
    roles: roles.map((r) => toRole('Role', r)),
    clusterRoles: clusterRoles.map((r) => toRole('ClusterRole', r)),
    roleBindings: roleBindings.map((b) => toBinding(b, true)),
    clusterRoleBindings: clusterRoleBindings.map((b) => toBinding(b, false)),
  };
}

/** Takes a fresh snapshot of the cluster's RBAC objects and indexes it. Throws mapped AppErrors. */
export async function takeRbacSnapshot(clients: KubeClients): Promise<RbacSnapshot> {
  const objects = await listRbacObjects(clients);
  rbacListed(clients, objects);
  return { objects, index: buildRbacIndex(objects), takenAt: new Date() };
}

interface CacheEntry {
  clients: KubeClients;
  promise: Promise<RbacSnapshot>;
  at: number;
}

let cache: CacheEntry | undefined;

/** A view of the watch-fed index; `objects` is read from the index when asked for. */
function liveSnapshot(index: RbacIndex): RbacSnapshot {
  return {
    index,
    takenAt: new Date(),
    get objects() {
      return rbacObjectsOf(index);
    },
  };
}

/**
 * The RBAC index for these clients. While the live watches cover every RBAC kind as these clients,
 * it is the index they keep current event by event (no list at all); it is patched in place, so read
 * it without awaiting in between. Otherwise it is a listed snapshot at most SNAPSHOT_TTL_MS old,
 * shared by concurrent callers so a burst of page loads lists RBAC once; `fresh` skips that cache
 * (used where the answer sits next to the API server's own verdict). The watch-fed index is served
 * even then: it is as fresh as a list, up to the watch's own latency. Throws mapped AppErrors.
 */
export function rbacSnapshot(clients: KubeClients, options: { fresh?: boolean } = {}): Promise<RbacSnapshot> {
  const live = liveRbacIndex(clients);
  if (live) return Promise.resolve(liveSnapshot(live));
  const now = Date.now();
  if (cache && cache.clients === clients && !options.fresh && now - cache.at < SNAPSHOT_TTL_MS)
    return cache.promise;
  const promise = takeRbacSnapshot(clients);
  const entry: CacheEntry = { clients, promise, at: now };
  cache = entry;
  // A failed snapshot must not be served to the next caller.
  promise.catch(() => {
    if (cache === entry) cache = undefined;
  });
  return promise;
}

/** Whoever may make the request per the engine, on a fresh snapshot (system:masters listed first). */
export async function whoCanRequest(clients: KubeClients, query: WhoCanQuery): Promise<WhoCanResult> {
  const { index } = await rbacSnapshot(clients, { fresh: true });
  const attrs: ResourceAttributes = { verb: query.verb, group: query.group, resource: query.resource };
  if (query.subresource) attrs.subresource = query.subresource;
  if (query.namespace) attrs.namespace = query.namespace;
  if (query.name) attrs.name = query.name;
  return { query, subjects: whoCan(index, attrs) };
}

/** Every subject that may mint ServiceAccount tokens, per namespace and ServiceAccount names. */
export async function listTokenMinters(clients: KubeClients): Promise<TokenMintersResult> {
  const { index } = await rbacSnapshot(clients, { fresh: true });
  return { minters: tokenMinters(index) };
}
