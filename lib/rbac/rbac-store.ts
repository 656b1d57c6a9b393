/**
 * A watch-fed RBAC index: objects arrive one change at a time, as a reflector delivers them, and
 * each patches only its own entries of the index. A change older than the object held under the
 * same namespace/name never regresses it. Pure: the Kubernetes adapter maps watch events to
 * RbacChange values and applies them in the order the watch delivered them.
 */
import {
  bindingId,
  emptyRbacIndex,
  type RbacIndex,
  removeBinding,
  removeRole,
  roleId,
  upsertBinding,
  upsertRole,
} from './rbac-index';
import { type RbacJournal, recordChange } from './rbac-history';
import type { Binding, BindingKind, RbacObjects, Role, RoleKind } from './types';

export type RbacObjectKind = RoleKind | BindingKind;

/** The identity of one RBAC object: its kind, namespace (for Roles and RoleBindings) and name. */
export interface RbacObjectRef {
  kind: RbacObjectKind;
  namespace?: string;
  name: string;
}

/** metadata.uid and metadata.resourceVersion of the object a change carries, when known. */
export interface ObjectVersion {
  uid?: string;
  resourceVersion?: string;
}

export type RbacChange =
  | { type: 'ADDED' | 'MODIFIED'; object: Role | Binding; version: ObjectVersion }
  | { type: 'DELETED'; ref: RbacObjectRef; version: ObjectVersion };

interface Held {
  ref: RbacObjectRef;
  version: ObjectVersion;
}

export interface RbacStore {
  index: RbacIndex;
  /** What is held per object key, for the version guard and for replacing a whole kind. */
  held: Map<string, Held>;
  /** When set, every change after a kind's first list is recorded, for before/after views. */
  journal?: RbacJournal;
  /** Kinds listed at least once: their first list is the starting point, not a change. */
  listedKinds?: Set<RbacObjectKind>;
}

/** Creates an empty store. */
export function emptyRbacStore(): RbacStore {
  return { index: emptyRbacIndex(), held: new Map() };
}

/** Returns the identity of a Role, ClusterRole, RoleBinding or ClusterRoleBinding. */
export function refOf(object: Role | Binding): RbacObjectRef {
  const namespaced = object.kind === 'Role' || object.kind === 'RoleBinding';
  return namespaced
    ? { kind: object.kind, namespace: object.namespace ?? '', name: object.name }
    : { kind: object.kind, name: object.name };
}

const isRoleKind = (kind: RbacObjectKind): kind is RoleKind => kind === 'Role' || kind === 'ClusterRole';

function keyOf(ref: RbacObjectRef): string {
  if (isRoleKind(ref.kind)) return `${ref.kind}:${roleId(ref.kind, ref.namespace, ref.name)}`;
  return bindingId({ kind: ref.kind, name: ref.name, namespace: ref.namespace });
}

/**
 * Orders two resourceVersions. The API server calls them opaque, but every etcd-backed server
 * issues decimal revisions that grow with each write; anything else is reported as incomparable.
 */
export function compareResourceVersions(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Whether a change must be ignored because the held object is at least as new. A deletion may carry
 * the version it was last seen at (a relist's diff does), so an equal version still deletes; a
 * deletion of another incarnation (other uid) of a name that is held now is ignored.
 */
function superseded(held: Held | undefined, type: RbacChange['type'], version: ObjectVersion): boolean {
  if (!held) return false;
  const order = compareResourceVersions(version.resourceVersion, held.version.resourceVersion);
  if (order !== undefined) return type === 'DELETED' ? order < 0 : order <= 0;
  const { uid } = held.version;
  return type === 'DELETED' && uid !== undefined && version.uid !== undefined && uid !== version.uid;
}

/** The object the index holds under a reference, if any. */
function heldObject(store: RbacStore, ref: RbacObjectRef): Role | Binding | undefined {
  if (isRoleKind(ref.kind)) {
    const map = ref.kind === 'ClusterRole' ? store.index.clusterRoles : store.index.roles;
    return map.get(roleId(ref.kind, ref.namespace, ref.name));
  }
  return store.index.bindings.get(bindingId({ kind: ref.kind, name: ref.name, namespace: ref.namespace }))
    ?.binding;
}

function journal(store: RbacStore, ref: RbacObjectRef, after: Role | Binding | undefined): void {
  if (!store.journal || !store.listedKinds?.has(ref.kind)) return;
  recordChange(store.journal, Date.now(), heldObject(store, ref), after);
}

function remove(store: RbacStore, key: string, ref: RbacObjectRef): void {
  journal(store, ref, undefined);
  store.held.delete(key);
  if (isRoleKind(ref.kind)) removeRole(store.index, ref.kind, ref.namespace, ref.name);
  else removeBinding(store.index, { kind: ref.kind, name: ref.name, namespace: ref.namespace });
}

/** Applies one watch change in place; returns whether the index changed (false for stale or repeated changes). */
export function applyRbacChange(store: RbacStore, change: RbacChange): boolean {
  const ref = change.type === 'DELETED' ? change.ref : refOf(change.object);
  const key = keyOf(ref);
  const held = store.held.get(key);
  if (superseded(held, change.type, change.version)) return false;
  if (change.type === 'DELETED') {
    if (!held) return false;
    remove(store, key, ref);
    return true;
  }
  put(store, key, ref, change.object, change.version);
  return true;
}

function put(
  store: RbacStore,
  key: string,
  ref: RbacObjectRef,
  object: Role | Binding,
  version: ObjectVersion,
): void {
  journal(store, ref, object);
  store.held.set(key, { ref, version });
  if ('roleRef' in object) upsertBinding(store.index, object);
  else upsertRole(store.index, object);
}

/**
 * Replaces every object of one kind with a complete list of it (a reflector's Replace after a list),
 * removing what the list no longer has; returns how many objects changed. The list is the truth as
 * of its own resourceVersion, so no version guard applies: a cluster whose etcd was wiped starts its
 * versions again from low numbers, and its objects must still replace what was held.
 */
export function replaceRbacKind(
  store: RbacStore,
  kind: RbacObjectKind,
  items: readonly { object: Role | Binding; version: ObjectVersion }[],
): number {
  const listed = new Set<string>();
  let changed = 0;
  for (const { object, version } of items) {
    if (object.kind !== kind) continue;
    const ref = refOf(object);
    const key = keyOf(ref);
    listed.add(key);
    const held = store.held.get(key);
    const same =
      held?.version.resourceVersion !== undefined && held.version.resourceVersion === version.resourceVersion;
    if (same && held?.version.uid === version.uid) continue;
    put(store, key, ref, object, version);
    changed++;
  }
  for (const [key, held] of [...store.held]) {
    if (held.ref.kind !== kind || listed.has(key)) continue;
    remove(store, key, held.ref);
    changed++;
  }
  store.listedKinds?.add(kind);
  return changed;
}

/** Lists the objects an index holds, bindings in the index's iteration order. */
export function rbacObjectsOf(index: RbacIndex): RbacObjects {
  const bindings = [...index.bindings.values()].sort((a, b) => a.ordinal - b.ordinal).map((e) => e.binding);
  return {
    roles: [...index.roles.values()],
    clusterRoles: [...index.clusterRoles.values()],
    roleBindings: bindings.filter((b) => b.kind === 'RoleBinding'),
    clusterRoleBindings: bindings.filter((b) => b.kind === 'ClusterRoleBinding'),
  };
}
