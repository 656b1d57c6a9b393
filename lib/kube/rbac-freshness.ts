import 'server-only';
import type { KubernetesObject } from '@kubernetes/client-node';
import { emptyRbacJournal, type RbacJournal, recordListDiff } from '@/lib/rbac/rbac-history';
import type { RbacIndex } from '@/lib/rbac/rbac-index';
import type { RbacObjects } from '@/lib/rbac/types';
import {
  applyRbacChange,
  emptyRbacStore,
  type RbacObjectKind,
  type RbacStore,
  replaceRbacKind,
} from '@/lib/rbac/rbac-store';
import type { KubeClients } from './clients';
import { toVersionedRbacObject } from './rbac-map';

/**
 * The RBAC index the live watches keep current: each watch's list replaces its kind, each event
 * patches one object. It answers only while all four RBAC kinds are watched and current, for the
 * identity the watches run as; otherwise callers list and build afresh, so the index never serves
 * anything the watches do not vouch for (up to their own latency, tens of milliseconds).
 */
const RBAC_KINDS: Record<string, RbacObjectKind> = {
  roles: 'Role',
  clusterroles: 'ClusterRole',
  rolebindings: 'RoleBinding',
  clusterrolebindings: 'ClusterRoleBinding',
};

interface State {
  store: RbacStore;
  /** Kinds whose watch is current. */
  live: Set<string>;
  /** Kinds listed into the store, with the identity (KubeClients.identity) the watch lists as. */
  listed: Map<string, string>;
  /** The last complete list taken without the watches, to journal what changed between lists. */
  lastListed?: RbacObjects;
  /** Moves with every list, event and change of liveness: what was derived from the index at g holds while it is g. */
  generation?: number;
}

// On globalThis: the hub (in the events route's bundle) and the pages must share one store. One
// store per identity the watches run as (KubeClients.identity: one per kubeconfig context), so two
// clusters watched at once never mix; a cluster's store goes when its hub closes (forgetRbacLive).
const g = globalThis as { __tokenscopeRbacLive?: Map<string, State> };
g.__tokenscopeRbacLive ??= new Map();
const states = g.__tokenscopeRbacLive;

function stateOf(identity: string): State {
  let state = states.get(identity);
  if (!state) {
    state = { store: emptyRbacStore(), live: new Set(), listed: new Map() };
    // One bounded journal of RBAC changes, fed by the watches and by successive lists alike.
    state.store.journal ??= emptyRbacJournal(Date.now());
    state.store.listedKinds ??= new Set();
    states.set(identity, state);
  }
  return state;
}

/** Whose store a list by these clients goes to: their identity; a token's, per cluster. */
function keyOf(clients: KubeClients): string {
  return clients.identity === 'token' ? `token|${clients.context}` : clients.identity;
}

/**
 * The journal of RBAC changes this server has seen on the clients' cluster, as their identity
 * (bounded; see lib/rbac/rbac-history.ts).
 */
export function rbacJournal(clients: KubeClients): RbacJournal {
  return stateOf(keyOf(clients)).store.journal as RbacJournal;
}

/**
 * A complete list of every RBAC kind was taken with these clients (not from the watches): journal what
 * changed since the previous such list. Between two lists several changes collapse into one at the
 * later list's time.
 */
export function rbacListed(clients: KubeClients, objects: RbacObjects): void {
  const state = stateOf(keyOf(clients));
  if (state.lastListed)
    recordListDiff(state.store.journal as RbacJournal, Date.now(), state.lastListed, objects);
  state.lastListed = objects;
}

/** Drops what the watches of `identity` kept (its cluster's hub closed). */
export function forgetRbacLive(identity: string): void {
  states.delete(identity);
}

/** Whether a watched kind is one of the RBAC kinds. */
export function isRbacKind(kind: string): boolean {
  return Object.hasOwn(RBAC_KINDS, kind);
}

/** A watch listed every object of an RBAC kind (its first list, or a relist after 410 Gone). */
export function rbacKindListed(
  kind: string,
  objects: readonly KubernetesObject[],
  clients: KubeClients,
): void {
  const rbacKind = RBAC_KINDS[kind];
  if (!rbacKind) return;
  const state = stateOf(clients.identity);
  state.generation = (state.generation ?? 0) + 1;
  const items = objects.map((o) => toVersionedRbacObject(rbacKind, o));
  replaceRbacKind(state.store, rbacKind, items);
  state.listed.set(kind, clients.identity);
}

/** A watch as `identity` saw an RBAC object added, modified or deleted (`object` is absent for a relist's deletions). */
export function rbacWatchEvent(
  identity: string,
  kind: string,
  type: 'ADDED' | 'MODIFIED' | 'DELETED',
  seen: { namespace?: string; name: string; resourceVersion: string },
  object?: KubernetesObject,
): void {
  const rbacKind = RBAC_KINDS[kind];
  if (!rbacKind) return;
  const state = stateOf(identity);
  state.generation = (state.generation ?? 0) + 1;
  if (type === 'DELETED') {
    const namespaced = rbacKind === 'Role' || rbacKind === 'RoleBinding';
    const ref = {
      kind: rbacKind,
      name: seen.name,
      ...(namespaced ? { namespace: seen.namespace ?? '' } : {}),
    };
    const version = { uid: object?.metadata?.uid, resourceVersion: seen.resourceVersion };
    applyRbacChange(state.store, { type, ref, version });
  } else if (object) {
    applyRbacChange(state.store, { type, ...toVersionedRbacObject(rbacKind, object) });
  } else {
    // Without the object the store cannot follow; it stays out of service until the next list.
    state.listed.delete(kind);
  }
}

/** A watch of an RBAC kind as `identity` became current (listed and watching) or stopped being so. */
export function setRbacKindLive(identity: string, kind: string, live: boolean): void {
  const state = stateOf(identity);
  state.generation = (state.generation ?? 0) + 1;
  if (live && isRbacKind(kind)) state.live.add(kind);
  else state.live.delete(kind);
}

/**
 * The watch-fed index if every RBAC kind is listed and watched as these clients right now, else
 * undefined. It is patched in place as events arrive: read it synchronously.
 */
export function liveRbacIndex(clients: KubeClients): RbacIndex | undefined {
  const state = states.get(clients.identity);
  if (!state) return undefined;
  for (const kind of Object.keys(RBAC_KINDS)) {
    // Compared by identity, not object: the pages' bundle has its own instance of the clients module.
    if (!state.live.has(kind) || state.listed.get(kind) !== clients.identity || clients.identity === 'token')
      return undefined;
  }
  return state.store.index;
}

/**
 * The watch-fed index's generation when it answers for these clients (liveRbacIndex), else
 * undefined: something derived from the index at generation g may be reused while it is still g.
 */
export function liveRbacGeneration(clients: KubeClients): number | undefined {
  return liveRbacIndex(clients) ? (states.get(clients.identity)?.generation ?? 0) : undefined;
}
