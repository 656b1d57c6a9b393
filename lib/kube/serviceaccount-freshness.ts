import 'server-only';

/**
 * Whether a list of ServiceAccount names taken earlier still holds: the live hub watches
 * ServiceAccounts (as the dashboard identity) while any browser listens, and every change it sees
 * moves a generation counter. A list taken as that identity at generation g is current while the
 * watch is current and the generation is still g, so the bindings browser need not list 5,000
 * accounts on every view. Without the watch, callers fall back to a short time-to-live.
 */
interface State {
  live: boolean;
  /** KubeClients.identity the watch runs as. */
  identity?: string;
  generation: number;
}

// On globalThis: the hub (in the events route's bundle) and the pages must share one state.
const g = globalThis as { __tokenscopeSaLive?: State };
g.__tokenscopeSaLive ??= { live: false, generation: 0 };
const state = g.__tokenscopeSaLive;

/** The ServiceAccounts watch saw a change (or relisted): lists taken before it are out of date. */
export function serviceAccountsChanged(): void {
  state.generation++;
}

/** The ServiceAccounts watch became current (listed and watching) as `identity`, or stopped being so. */
export function setServiceAccountsLive(live: boolean, identity: string): void {
  state.generation++;
  state.live = live;
  state.identity = identity;
}

/**
 * The generation a list taken now as these clients would be valid for, or undefined when no watch
 * vouches for it (not watched, or watched as another identity; a user's token never matches).
 */
export function serviceAccountsGeneration(identity: string): number | undefined {
  if (!state.live || identity === 'token' || state.identity !== identity) return undefined;
  return state.generation;
}
