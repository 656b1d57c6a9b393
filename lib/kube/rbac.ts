import 'server-only';
import type {
  V1AggregationRule,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1ListMeta,
  V1PolicyRule,
  V1Role,
  V1RoleBinding,
  RbacV1Subject,
} from '@kubernetes/client-node';
import type { TokenMintersResult, WhoCanQuery, WhoCanResult } from '@/lib/contracts/rbac';
import { buildRbacIndex, type RbacIndex } from '@/lib/rbac/rbac-index';
import type {
  AggregationRule,
  Binding,
  PolicyRule,
  RbacObjects,
  ResourceAttributes,
  Role,
  RoleKind,
  Subject,
  SubjectKind,
} from '@/lib/rbac/types';
import { tokenMinters, whoCan } from '@/lib/rbac/who-can';
import type { KubeClients } from './clients';
import { rbacWatchVersion } from './rbac-freshness';
import { kubeCall } from './errors';

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

function toPolicyRule(r: V1PolicyRule): PolicyRule {
  const rule: PolicyRule = { verbs: r.verbs ?? [] };
  if (r.apiGroups) rule.apiGroups = r.apiGroups;
  if (r.resources) rule.resources = r.resources;
  if (r.resourceNames) rule.resourceNames = r.resourceNames;
  if (r.nonResourceURLs) rule.nonResourceURLs = r.nonResourceURLs;
  return rule;
}

function toAggregationRule(a: V1AggregationRule): AggregationRule {
  return {
    clusterRoleSelectors: (a.clusterRoleSelectors ?? []).map((s) => ({
      ...(s.matchLabels ? { matchLabels: s.matchLabels } : {}),
      ...(s.matchExpressions
        ? {
            matchExpressions: s.matchExpressions.map((e) => ({
              key: e.key,
              operator: e.operator,
              ...(e.values ? { values: e.values } : {}),
            })),
          }
        : {}),
    })),
  };
}

/** Maps a Role or ClusterRole to the engine's plain data. */
export function toRole(kind: RoleKind, r: V1Role | V1ClusterRole): Role {
  const role: Role = { kind, name: r.metadata?.name ?? '', rules: (r.rules ?? []).map(toPolicyRule) };
  if (kind === 'Role') role.namespace = r.metadata?.namespace ?? '';
  if (r.metadata?.labels) role.labels = r.metadata.labels;
  const aggregation = (r as V1ClusterRole).aggregationRule;
  if (kind === 'ClusterRole' && aggregation) role.aggregationRule = toAggregationRule(aggregation);
  return role;
}

const SUBJECT_KINDS = new Set<string>(['User', 'Group', 'ServiceAccount']);

function toSubject(s: RbacV1Subject): Subject | undefined {
  // The API server validates subject kinds, and upstream appliesToUser never matches any other kind.
  if (!SUBJECT_KINDS.has(s.kind)) return undefined;
  const subject: Subject = { kind: s.kind as SubjectKind, name: s.name };
  if (s.namespace) subject.namespace = s.namespace;
  if (s.apiGroup) subject.apiGroup = s.apiGroup;
  return subject;
}

/** Maps a RoleBinding or ClusterRoleBinding to the engine's plain data. */
export function toBinding(b: V1RoleBinding | V1ClusterRoleBinding, namespaced: boolean): Binding {
  const roleKind: RoleKind = b.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
  const binding: Binding = {
    kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
    name: b.metadata?.name ?? '',
    roleRef: { kind: roleKind, name: b.roleRef.name },
    subjects: (b.subjects ?? []).flatMap((s) => toSubject(s) ?? []),
  };
  if (namespaced) binding.namespace = b.metadata?.namespace ?? '';
  return binding;
}

interface ListPage<T> {
  items: T[];
  metadata?: V1ListMeta;
}

/** Follows continue tokens until the collection is exhausted, RBAC_PAGE_SIZE items per call. */
async function listAll<T>(
  server: string,
  fetchPage: (page: { limit: number; _continue?: string }) => Promise<ListPage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await kubeCall(server, () => fetchPage({ limit: RBAC_PAGE_SIZE, _continue: token }));
    items.push(...page.items);
    token = page.metadata?._continue || undefined;
  } while (token);
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
  return { objects, index: buildRbacIndex(objects), takenAt: new Date() };
}

interface CacheEntry {
  clients: KubeClients;
  promise: Promise<RbacSnapshot>;
  at: number;
  /** The watches' change count when the snapshot was started (undefined: no watch vouches for it). */
  version: number | undefined;
}

let cache: CacheEntry | undefined;

/**
 * A snapshot at most SNAPSHOT_TTL_MS old for these clients, shared by concurrent callers so a burst
 * of page loads lists RBAC once; `fresh` asks for one that no known change is newer than (used where
 * the answer sits next to the API server's own verdict). While the live watches cover every RBAC
 * kind and saw no change since a snapshot was taken, that snapshot is fresh. Throws mapped AppErrors.
 */
export function rbacSnapshot(clients: KubeClients, options: { fresh?: boolean } = {}): Promise<RbacSnapshot> {
  const now = Date.now();
  const version = rbacWatchVersion();
  if (cache && cache.clients === clients) {
    const watched = version !== undefined && cache.version === version;
    if (watched || (!options.fresh && now - cache.at < SNAPSHOT_TTL_MS)) return cache.promise;
  }
  const promise = takeRbacSnapshot(clients);
  const entry: CacheEntry = { clients, promise, at: now, version };
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
