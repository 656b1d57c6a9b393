/**
 * An index over all RBAC objects that answers "which bindings can reach this user in this namespace"
 * without scanning every binding, the way the authorizer's listers are consulted per request.
 * Objects handed to the index are treated as immutable (results are cached per rule object): replace
 * them through upsertRole/upsertBinding rather than editing them in place.
 */
import {
  firstMatchingSubject,
  SERVICE_ACCOUNT_USERNAME_PREFIX,
  serviceAccountSubjectNamespace,
  subjectUsername,
} from './identity';
import type { Binding, BindingRef, RbacObjects, Role, RoleKind, RoleRef, Subject, UserInfo } from './types';

/** A binding as stored in the index; scope is null for a ClusterRoleBinding. */
export interface IndexedBinding {
  id: string;
  binding: Binding;
  scope: string | null;
  /** Insertion order, standing in for the informer list order upstream iterates in. */
  ordinal: number;
}

/**
 * The bindings naming one subject: ClusterRoleBindings first, each part in ordinal order (the order
 * upstream visits them in). One array per subject; most subjects are named by a few bindings.
 */
type SubjectBucket = IndexedBinding[];

export interface RbacIndex {
  roles: Map<string, Role>;
  clusterRoles: Map<string, Role>;
  bindings: Map<string, IndexedBinding>;
  /** Buckets of User subjects (and of ServiceAccount subjects whose names hold a colon), by username. */
  byUser: Map<string, SubjectBucket>;
  /** Buckets of ServiceAccount subjects, by namespace then name: no username is built per subject. */
  byServiceAccount: Map<string, Map<string, SubjectBucket>>;
  /** Buckets of Group subjects, by group name. */
  byGroup: Map<string, SubjectBucket>;
  /** Every ClusterRoleBinding, in ordinal order. */
  clusterBindings: IndexedBinding[];
  /** Every RoleBinding per namespace, in ordinal order. */
  namespaceBindings: Map<string, IndexedBinding[]>;
  nextOrdinal: number;
  /** Bumped by every change, so derived caches know when to rebuild. */
  revision: number;
  /** Bumped by changes to ClusterRoleBindings and ClusterRoles only (who-can's rule index). */
  clusterRevision: number;
}

/** A binding that applies to a user, with the first subject that matched (as upstream reports it). */
export interface AppliedBinding {
  entry: IndexedBinding;
  subject: Subject;
}

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

function bucketIn(map: Map<string, SubjectBucket>, key: string, create: boolean): SubjectBucket | undefined {
  let bucket = map.get(key);
  if (!bucket && create) {
    bucket = [];
    map.set(key, bucket);
  }
  return bucket;
}

function serviceAccountBucket(
  index: RbacIndex,
  namespace: string,
  name: string,
  create: boolean,
): SubjectBucket | undefined {
  let byName = index.byServiceAccount.get(namespace);
  if (!byName) {
    if (!create) return undefined;
    byName = new Map();
    index.byServiceAccount.set(namespace, byName);
  }
  return bucketIn(byName, name, create);
}

/**
 * The bucket a subject is filed under (created when asked), or undefined for subjects that never
 * match a user: unknown kinds and ServiceAccount subjects that resolve to no namespace.
 */
function subjectBucket(
  index: RbacIndex,
  subject: Subject,
  scope: string,
  create: boolean,
): SubjectBucket | undefined {
  if (subject.kind === 'Group') return bucketIn(index.byGroup, subject.name, create);
  if (subject.kind === 'ServiceAccount') {
    const namespace = serviceAccountSubjectNamespace(subject, scope);
    if (!namespace) return undefined;
    // A colon in either part would make the username ambiguous to split: file it by username.
    if (!namespace.includes(':') && !subject.name.includes(':'))
      return serviceAccountBucket(index, namespace, subject.name, create);
  }
  const username = subjectUsername(subject, scope);
  return username === undefined ? undefined : bucketIn(index.byUser, username, create);
}

/** The distinct buckets of a binding's subjects (a subject may be listed twice). */
function bucketsOf(
  index: RbacIndex,
  entry: IndexedBinding,
  create: boolean,
  buckets: SubjectBucket[] = [],
): SubjectBucket[] {
  buckets.length = 0;
  for (const subject of entry.binding.subjects) {
    const bucket = subjectBucket(index, subject, entry.scope ?? '', create);
    if (bucket && !buckets.includes(bucket)) buckets.push(bucket);
  }
  return buckets;
}

function removeFrom(list: IndexedBinding[], entry: IndexedBinding): void {
  const at = list.lastIndexOf(entry);
  if (at >= 0) list.splice(at, 1);
}

// Emptied buckets and lists are dropped, so a long-lived, watch-fed index does not grow with churn.
function dropEmptyBuckets(index: RbacIndex, entry: IndexedBinding): void {
  const empty = (b: SubjectBucket | undefined) => b !== undefined && b.length === 0;
  for (const subject of entry.binding.subjects) {
    const scope = entry.scope ?? '';
    if (subject.kind === 'Group') {
      if (empty(index.byGroup.get(subject.name))) index.byGroup.delete(subject.name);
      continue;
    }
    if (subject.kind === 'ServiceAccount') {
      const namespace = serviceAccountSubjectNamespace(subject, scope);
      const byName = namespace ? index.byServiceAccount.get(namespace) : undefined;
      if (namespace && byName && empty(byName.get(subject.name))) {
        byName.delete(subject.name);
        if (byName.size === 0) index.byServiceAccount.delete(namespace);
      }
    }
    const username = subjectUsername(subject, scope);
    if (username !== undefined && empty(index.byUser.get(username))) index.byUser.delete(username);
  }
}

function detachBinding(index: RbacIndex, entry: IndexedBinding): void {
  for (const bucket of bucketsOf(index, entry, false)) {
    removeFrom(bucket, entry);
    namespaceViews.delete(bucket);
  }
  dropEmptyBuckets(index, entry);
  if (entry.scope === null) removeFrom(index.clusterBindings, entry);
  else {
    const list = index.namespaceBindings.get(entry.scope);
    if (list) {
      removeFrom(list, entry);
      if (list.length === 0) index.namespaceBindings.delete(entry.scope);
    }
  }
  index.bindings.delete(entry.id);
}

const scopeRank = (entry: IndexedBinding): number => (entry.scope === null ? 0 : 1);

/** Upstream's visiting order: every ClusterRoleBinding before any RoleBinding, each in ordinal order. */
export const visitOrder = (a: IndexedBinding, b: IndexedBinding): number =>
  scopeRank(a) - scopeRank(b) || a.ordinal - b.ordinal;

/**
 * Inserts keeping the list in visiting order; building from a list (ClusterRoleBindings first) or
 * adding a new binding appends, a replaced one keeps its place.
 */
function insertInOrder(list: IndexedBinding[], entry: IndexedBinding): void {
  const last = list[list.length - 1];
  if (last === undefined || visitOrder(last, entry) < 0) {
    list.push(entry);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid];
    if (at !== undefined && visitOrder(at, entry) < 0) lo = mid + 1;
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
    byUser: new Map(),
    byServiceAccount: new Map(),
    byGroup: new Map(),
    clusterBindings: [],
    namespaceBindings: new Map(),
    nextOrdinal: 0,
    revision: 0,
    clusterRevision: 0,
  };
}

/** Adds or replaces a binding in place, keeping a replaced binding's position in iteration order. */
export function upsertBinding(index: RbacIndex, binding: Binding): RbacIndex {
  const id = idOf(binding);
  const previous = index.bindings.get(id);
  if (previous) detachBinding(index, previous);
  const entry: IndexedBinding = {
    id,
    binding,
    scope: binding.kind === 'RoleBinding' ? (binding.namespace ?? '') : null,
    ordinal: previous ? previous.ordinal : index.nextOrdinal++,
  };
  index.bindings.set(id, entry);
  attachBinding(index, entry);
  return index;
}

const idOf = (binding: Binding): string =>
  binding.kind === 'ClusterRoleBinding'
    ? `crb/${binding.name}`
    : `rb/${binding.namespace ?? ''}/${binding.name}`;

// One scratch list for the buckets of the binding being attached (attaching does not re-enter).
const attachBuckets: SubjectBucket[] = [];

function attachBinding(index: RbacIndex, entry: IndexedBinding): void {
  index.revision++;
  if (entry.scope === null) index.clusterRevision++;
  for (const bucket of bucketsOf(index, entry, true, attachBuckets)) {
    insertInOrder(bucket, entry);
    namespaceViews.delete(bucket);
  }
  if (entry.scope === null) insertInOrder(index.clusterBindings, entry);
  else {
    let list = index.namespaceBindings.get(entry.scope);
    if (!list) {
      list = [];
      index.namespaceBindings.set(entry.scope, list);
    }
    insertInOrder(list, entry);
  }
}

/** Removes a binding in place; unknown references are ignored. */
export function removeBinding(index: RbacIndex, ref: BindingRef): RbacIndex {
  const entry = index.bindings.get(bindingId(ref));
  if (entry) {
    detachBinding(index, entry);
    index.revision++;
    if (entry.scope === null) index.clusterRevision++;
  }
  return index;
}

/** Adds or replaces a Role or ClusterRole in place. */
export function upsertRole(index: RbacIndex, role: Role): RbacIndex {
  const map = role.kind === 'ClusterRole' ? index.clusterRoles : index.roles;
  map.set(roleId(role.kind, role.namespace, role.name), role);
  index.revision++;
  if (role.kind === 'ClusterRole') index.clusterRevision++;
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
  if (map.delete(roleId(kind, namespace, name))) {
    index.revision++;
    if (kind === 'ClusterRole') index.clusterRevision++;
  }
  return index;
}

/** Indexes all RBAC objects in O(roles + bindings × subjects); ClusterRoleBindings iterate first, as upstream. */
export function buildRbacIndex(objects: RbacObjects): RbacIndex {
  const index = emptyRbacIndex();
  for (const role of objects.roles) upsertRole(index, role);
  for (const role of objects.clusterRoles) upsertRole(index, role);
  // Into an empty index a binding is new unless its name repeats: set without looking up first, and
  // on the first repeat (the map did not grow) start over the careful way, replacing as upsert does.
  for (const list of [objects.clusterRoleBindings, objects.roleBindings]) {
    for (const binding of list) {
      const size = index.bindings.size;
      const entry: IndexedBinding = {
        id: idOf(binding),
        binding,
        scope: binding.kind === 'RoleBinding' ? (binding.namespace ?? '') : null,
        ordinal: index.nextOrdinal++,
      };
      index.bindings.set(entry.id, entry);
      if (index.bindings.size === size) return buildByUpserts(objects);
      attachBinding(index, entry);
    }
  }
  return index;
}

function buildByUpserts(objects: RbacObjects): RbacIndex {
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

/** The buckets that can hold bindings naming the user: its username, its ServiceAccount, its groups. */
function userBuckets(index: RbacIndex, user: UserInfo, exceptGroups?: ReadonlySet<string>): SubjectBucket[] {
  const buckets: SubjectBucket[] = [];
  const byName = index.byUser.get(user.username);
  if (byName) buckets.push(byName);
  if (user.username.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) {
    const parts = user.username.slice(SERVICE_ACCOUNT_USERNAME_PREFIX.length).split(':');
    const [namespace, name] = parts;
    if (parts.length === 2 && namespace && name !== undefined) {
      const sa = serviceAccountBucket(index, namespace, name, false);
      if (sa) buckets.push(sa);
    }
  }
  for (const group of user.groups) {
    if (exceptGroups?.has(group)) continue;
    const bucket = index.byGroup.get(group);
    if (bucket && !buckets.includes(bucket)) buckets.push(bucket);
  }
  return buckets;
}

// Past this many bindings a bucket answers per-namespace lookups from a view built on first use;
// any change to the bucket drops its view.
const NAMESPACE_VIEW_THRESHOLD = 32;
const namespaceViews = new WeakMap<SubjectBucket, Map<string | null, IndexedBinding[]>>();

/** The bucket's bindings that apply in the namespace: ClusterRoleBindings, then its RoleBindings. */
function applicableIn(bucket: SubjectBucket, namespace: string): readonly IndexedBinding[] {
  const applies = (e: IndexedBinding) => e.scope === null || (namespace !== '' && e.scope === namespace);
  if (bucket.length <= NAMESPACE_VIEW_THRESHOLD) return bucket.filter(applies);
  let view = namespaceViews.get(bucket);
  if (!view) {
    view = new Map();
    for (const e of bucket) {
      const list = view.get(e.scope);
      if (list) list.push(e);
      else view.set(e.scope, [e]);
    }
    namespaceViews.set(bucket, view);
  }
  const cluster = view.get(null) ?? [];
  const local = namespace ? view.get(namespace) : undefined;
  return local ? [...cluster, ...local] : cluster;
}

function collect(
  index: RbacIndex,
  user: UserInfo,
  pick: (bucket: SubjectBucket) => readonly IndexedBinding[],
  exceptGroups?: ReadonlySet<string>,
): AppliedBinding[] {
  const buckets = userBuckets(index, user, exceptGroups);
  const applied: AppliedBinding[] = [];
  // Bindings naming the user more than once (by name and by a group) are visited once.
  const seen = buckets.length > 1 ? new Set<IndexedBinding>() : undefined;
  for (const bucket of buckets) {
    for (const entry of pick(bucket)) {
      if (seen) {
        if (seen.has(entry)) continue;
        seen.add(entry);
      }
      const subject = firstMatchingSubject(entry.binding.subjects, entry.scope ?? '', user);
      if (subject) applied.push({ entry, subject });
    }
  }
  // One bucket is already in visiting order; several are merged by it.
  return buckets.length > 1 ? applied.sort((a, b) => visitOrder(a.entry, b.entry)) : applied;
}

/**
 * Lists the bindings upstream VisitRulesFor would consult for the user and request namespace, in its
 * order: ClusterRoleBindings, then (only if namespace is non-empty) that namespace's RoleBindings.
 */
export function applicableBindings(index: RbacIndex, user: UserInfo, namespace: string): AppliedBinding[] {
  return collect(index, user, (bucket) => applicableIn(bucket, namespace));
}

/**
 * Lists every binding that reaches the user in any namespace, ClusterRoleBindings first; with
 * exceptGroups, leaves out the bindings that reach it only through those groups (the subject
 * reported is still the binding's first subject matching the user).
 */
export function bindingsReachingUser(
  index: RbacIndex,
  user: UserInfo,
  exceptGroups?: ReadonlySet<string>,
): AppliedBinding[] {
  return collect(index, user, (bucket) => bucket, exceptGroups);
}

/**
 * Lists every binding naming one of the groups, in visiting order, each with its first subject that
 * is one of those groups: for a user holding them, the bindings that reach it through them alone.
 */
export function bindingsOfGroups(index: RbacIndex, groups: ReadonlySet<string>): AppliedBinding[] {
  const buckets = [...groups].map((g) => index.byGroup.get(g)).filter((b) => b !== undefined);
  const seen = new Set<IndexedBinding>();
  const applied: AppliedBinding[] = [];
  for (const bucket of buckets) {
    for (const entry of bucket) {
      if (seen.has(entry)) continue;
      seen.add(entry);
      const subject = entry.binding.subjects.find((s) => s.kind === 'Group' && groups.has(s.name));
      if (subject) applied.push({ entry, subject });
    }
  }
  return buckets.length > 1 ? applied.sort((a, b) => visitOrder(a.entry, b.entry)) : applied;
}

/** Counts the subject buckets held (for tests: a drained index holds none). */
export function subjectBucketCount(index: RbacIndex): number {
  let count = index.byUser.size + index.byGroup.size;
  for (const byName of index.byServiceAccount.values()) count += byName.size;
  return count;
}
