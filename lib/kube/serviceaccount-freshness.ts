import 'server-only';

/**
 * Whether a list of ServiceAccount names taken earlier still holds: the live hub of each cluster
 * watches ServiceAccounts (as that cluster's kubeconfig identity) while any browser listens, and
 * every change it sees moves a generation counter. A list taken as that identity at generation g is
 * current while the watch is current and the generation is still g, so the bindings browser need
 * not list 5,000 accounts on every view. Without the watch, callers fall back to a short time-to-live.
 */
interface State {
  live: boolean;
  generation: number;
}

// On globalThis: the hub (in the events route's bundle) and the pages must share one state. One per
// identity the watches run as (KubeClients.identity: one per kubeconfig context).
const g = globalThis as { __tokenscopeSaLive?: Map<string, State> };
g.__tokenscopeSaLive ??= new Map();
const states = g.__tokenscopeSaLive;

function stateOf(identity: string): State {
  let s = states.get(identity);
  if (!s) {
    s = { live: false, generation: 0 };
    states.set(identity, s);
  }
  return s;
}

/** The ServiceAccounts watch as `identity` saw a change (or relisted): lists taken before it are out of date. */
export function serviceAccountsChanged(identity: string): void {
  stateOf(identity).generation++;
}

/** The ServiceAccounts watch became current (listed and watching) as `identity`, or stopped being so. */
export function setServiceAccountsLive(live: boolean, identity: string): void {
  const s = stateOf(identity);
  s.generation++;
  s.live = live;
}

/** Drops the state of `identity` (its cluster's hub closed). */
export function forgetServiceAccountsLive(identity: string): void {
  states.delete(identity);
}

/**
 * The generation a list taken now as these clients would be valid for, or undefined when no watch
 * vouches for it (not watched, or watched as another identity; a user's token never matches).
 */
export function serviceAccountsGeneration(identity: string): number | undefined {
  const s = states.get(identity);
  if (!s?.live || identity === 'token') return undefined;
  return s.generation;
}
