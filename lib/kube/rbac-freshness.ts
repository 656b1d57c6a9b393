import 'server-only';

/**
 * What the live watches know about RBAC objects: a counter bumped on every change, and whether all
 * four RBAC kinds are being watched right now. While they are, a cached RBAC snapshot taken at the
 * current count is as fresh as a new one (up to the watch's own latency, tens of milliseconds).
 */
const RBAC_KINDS = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const;

interface State {
  generation: number;
  live: Set<string>;
}

// On globalThis: the hub (in the events route's bundle) and the pages must share one state.
const g = globalThis as { __tokenscopeRbacFreshness?: State };
g.__tokenscopeRbacFreshness ??= { generation: 0, live: new Set() };
const state = g.__tokenscopeRbacFreshness;

/** Whether a watched kind is one of the RBAC kinds. */
export function isRbacKind(kind: string): boolean {
  return (RBAC_KINDS as readonly string[]).includes(kind);
}

/** A watch saw an RBAC object change. */
export function rbacChanged(): void {
  state.generation++;
}

/** A watch of an RBAC kind became current (listed and watching) or stopped being so. */
export function setRbacKindLive(kind: string, live: boolean): void {
  if (live) state.live.add(kind);
  else if (state.live.delete(kind)) state.generation++;
}

/** The change count if every RBAC kind is watched now, else undefined (nothing vouches for a cache). */
export function rbacWatchVersion(): number | undefined {
  return state.live.size === RBAC_KINDS.length ? state.generation : undefined;
}
