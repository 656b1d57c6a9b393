/**
 * An index over all RBAC objects that answers "which bindings can reach this user in this namespace"
 * without scanning every binding, the way the authorizer's listers are consulted per request.
 * Objects handed to the index are treated as immutable (results are cached per rule object): replace
 * them through upsertRole/upsertBinding rather than editing them in place.
 */
import { firstMatchingSubject, subjectUsername } from './identity';
import type { Binding, BindingRef, RbacObjects, Role, RoleKind, RoleRef, Subject, UserInfo } from './types';

/** A binding as stored in the index; scope is null for a ClusterRoleBinding. */
export interface IndexedBinding {
  id: string;
  binding: Binding;
  scope: string | null;
  /** Insertion order, standing in for the informer list order upstream iterates in. */
  ordinal: number;
}

interface SubjectBucket {
  cluster: IndexedBinding[];
  byNamespace: Map<string, IndexedBinding[]>;
}

export interface RbacIndex {
  roles: Map<string, Role>;
  clusterRoles: Map<string, Role>;
  bindings: Map<string, IndexedBinding>;
  /** Keys are `user:<username>` (User and ServiceAccount subjects) and `group:<name>`. */
  bySubject: Map<string, SubjectBucket>;
  nextOrdinal: number;
}

/** A binding that applies to a user, with the first subject that matched (as upstream reports it). */
export interface AppliedBinding {
  entry: IndexedBinding;
  subject: Subject;
}

const userKey = (username: string): string => `user:${username}`;
const groupKey = (group: string): string => `group:${group}`;

/** Builds the key under which a role is stored. */
export function roleId(kind: RoleKind, namespace: string | undefined, name: string): string {
  return kind === 'ClusterRole' ? name : `${namespace ?? ''}/${name}`;
}

/** Builds the key under which a binding is stored. */
export function bindingId(ref: BindingRef): string {
  return ref.kind === 'ClusterRoleBinding' ? `crb/${ref.name}` : `rb/${ref.namespace ?? ''}/${ref.name}`;
}

/** Returns the identifying reference of a binding. */
export function bindingRef(binding: Binding): BindingRef {
  return binding.kind === 'RoleBinding'
    ? { kind: binding.kind, name: binding.name, namespace: binding.namespace ?? '' }
    : { kind: binding.kind, name: binding.name };
}

/** Returns the roleRef trimmed to kind and name. */
export function roleRefOf(binding: Binding): RoleRef {
  return { kind: binding.roleRef.kind, name: binding.roleRef.name };
}

function subjectIndexKey(subject: Subject, namespace: string): string | undefined {
  if (subject.kind === 'Group') return groupKey(subject.name);
  const username = subjectUsername(subject, namespace);
  return username === undefined ? undefined : userKey(username);
}

function bucketFor(index: RbacIndex, key: string): SubjectBucket {
  let bucket = index.bySubject.get(key);
  if (!bucket) {
    bucket = { cluster: [], byNamespace: new Map() };
    index.bySubject.set(key, bucket);
  }
  return bucket;
}

function bucketList(bucket: SubjectBucket, scope: string | null): IndexedBinding[] {
  if (scope === null) return bucket.cluster;
  let list = bucket.byNamespace.get(scope);
  if (!list) {
    list = [];
    bucket.byNamespace.set(scope, list);
  }
  return list;
}

function subjectKeysOf(entry: IndexedBinding): Set<string> {
  const keys = new Set<string>();
  for (const subject of entry.binding.subjects) {
    const key = subjectIndexKey(subject, entry.scope ?? '');
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

// Emptied lists and buckets are dropped, so a long-lived, watch-fed index does not grow with churn.
function detachBinding(index: RbacIndex, entry: IndexedBinding): void {
  for (const key of subjectKeysOf(entry)) {
    const bucket = index.bySubject.get(key);
    if (!bucket) continue;
    const list = bucketList(bucket, entry.scope);
    const at = list.indexOf(entry);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0 && entry.scope !== null) bucket.byNamespace.delete(entry.scope);
    if (bucket.cluster.length === 0 && bucket.byNamespace.size === 0) index.bySubject.delete(key);
  }
  index.bindings.delete(entry.id);
}

/** Inserts keeping the list sorted by ordinal; a new binding has the highest one and lands at the end. */
function insertByOrdinal(list: IndexedBinding[], entry: IndexedBinding): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.ordinal ?? 0) < entry.ordinal) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, entry);
}

/** Creates an empty index. */
export function emptyRbacIndex(): RbacIndex {
  return {
    roles: new Map(),
    clusterRoles: new Map(),
    bindings: new Map(),
    bySubject: new Map(),
    nextOrdinal: 0,
  };
}

/** Adds or replaces a binding in place, keeping a replaced binding's position in iteration order. */
export function upsertBinding(index: RbacIndex, binding: Binding): RbacIndex {
  const id = bindingId(bindingRef(binding));
  const previous = index.bindings.get(id);
  if (previous) detachBinding(index, previous);
  const entry: IndexedBinding = {
    id,
    binding,
    scope: binding.kind === 'RoleBinding' ? (binding.namespace ?? '') : null,
    ordinal: previous ? previous.ordinal : index.nextOrdinal++,
  };
  index.bindings.set(id, entry);
  for (const key of subjectKeysOf(entry))
    insertByOrdinal(bucketList(bucketFor(index, key), entry.scope), entry);
  return index;
}

/** Removes a binding in place; unknown references are ignored. */
export function removeBinding(index: RbacIndex, ref: BindingRef): RbacIndex {
  const entry = index.bindings.get(bindingId(ref));
  if (entry) detachBinding(index, entry);
  return index;
}

/** Adds or replaces a Role or ClusterRole in place. */
export function upsertRole(index: RbacIndex, role: Role): RbacIndex {
  const map = role.kind === 'ClusterRole' ? index.clusterRoles : index.roles;
  map.set(roleId(role.kind, role.namespace, role.name), role);
  return index;
}

/** Removes a Role or ClusterRole in place. */
export function removeRole(
  index: RbacIndex,
  kind: RoleKind,
  namespace: string | undefined,
  name: string,
): RbacIndex {
  const map = kind === 'ClusterRole' ? index.clusterRoles : index.roles;
  map.delete(roleId(kind, namespace, name));
  return index;
}

/** Indexes all RBAC objects in O(roles + bindings × subjects); ClusterRoleBindings iterate first, as upstream. */
export function buildRbacIndex(objects: RbacObjects): RbacIndex {
  const index = emptyRbacIndex();
  for (const role of objects.roles) upsertRole(index, role);
  for (const role of objects.clusterRoles) upsertRole(index, role);
  for (const binding of objects.clusterRoleBindings) upsertBinding(index, binding);
  for (const binding of objects.roleBindings) upsertBinding(index, binding);
  return index;
}

/**
 * Resolves a roleRef like GetRoleReferenceRules: a Role is looked up in the binding's namespace (so a
 * ClusterRoleBinding to a Role finds nothing), a ClusterRole by name. Undefined means "not found".
 */
export function resolveRole(index: RbacIndex, roleRef: RoleRef, namespace: string): Role | undefined {
  if (roleRef.kind === 'ClusterRole') return index.clusterRoles.get(roleRef.name);
  if (roleRef.kind !== 'Role' || !namespace) return undefined;
  return index.roles.get(roleId('Role', namespace, roleRef.name));
}

function userKeys(user: UserInfo): string[] {
  return [userKey(user.username), ...user.groups.map(groupKey)];
}

function collect(
  index: RbacIndex,
  user: UserInfo,
  pick: (bucket: SubjectBucket) => IndexedBinding[][],
): AppliedBinding[] {
  const seen = new Map<string, IndexedBinding>();
  for (const key of userKeys(user)) {
    const bucket = index.bySubject.get(key);
    if (!bucket) continue;
    for (const list of pick(bucket)) for (const entry of list) seen.set(entry.id, entry);
  }
  const applied: AppliedBinding[] = [];
  for (const entry of seen.values()) {
    const subject = firstMatchingSubject(entry.binding.subjects, entry.scope ?? '', user);
    if (subject) applied.push({ entry, subject });
  }
  // Upstream visits every ClusterRoleBinding before the namespace's RoleBindings.
  return applied.sort((a, b) => scopeRank(a.entry) - scopeRank(b.entry) || a.entry.ordinal - b.entry.ordinal);
}

const scopeRank = (entry: IndexedBinding): number => (entry.scope === null ? 0 : 1);

/**
 * Lists the bindings upstream VisitRulesFor would consult for the user and request namespace, in its
 * order: ClusterRoleBindings, then (only if namespace is non-empty) that namespace's RoleBindings.
 */
export function applicableBindings(index: RbacIndex, user: UserInfo, namespace: string): AppliedBinding[] {
  return collect(index, user, (bucket) => {
    const lists = [bucket.cluster];
    const local = namespace ? bucket.byNamespace.get(namespace) : undefined;
    if (local) lists.push(local);
    return lists;
  });
}

/** Lists every binding that reaches the user in any namespace, ClusterRoleBindings first. */
export function bindingsReachingUser(index: RbacIndex, user: UserInfo): AppliedBinding[] {
  return collect(index, user, (bucket) => [bucket.cluster, ...bucket.byNamespace.values()]);
}
