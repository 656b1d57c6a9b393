import { useSyncExternalStore } from 'react';

// One clock for every countdown on the page: a single timer, started by the first subscriber and
// stopped with the last, so 200 cards cost one timer, not 200. Time is read with Date.now() on each
// tick so Playwright's clock (page.clock) and vitest's fake timers drive it.

type Listener = () => void;

/** A shared wall-clock store for useSyncExternalStore; ticks on whole seconds of Date.now(). */
export interface Ticker {
  subscribe: (listener: Listener) => () => void;
  getSnapshot: () => number;
  /** How many timers the ticker holds right now (0 or 1); for tests. */
  timerCount: () => number;
}

/** Creates a ticker that notifies its subscribers every `periodMs`, aligned to multiples of it. */
export function createTicker(periodMs = 1000): Ticker {
  const listeners = new Set<Listener>();
  let now = Date.now();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = () => {
    // Aligned to whole periods so a countdown to a whole-second `exp` flips exactly on the second.
    const delay = periodMs - (Date.now() % periodMs) || periodMs;
    timer = setTimeout(tick, delay);
  };
  const tick = () => {
    now = Date.now();
    for (const listener of [...listeners]) listener();
    if (listeners.size > 0) schedule();
    else timer = null;
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (timer === null) {
        now = Date.now();
        schedule();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          clearTimeout(timer);
          timer = null;
        }
      };
    },
    getSnapshot: () => now,
    timerCount: () => (timer === null ? 0 : 1),
  };
}

const shared = createTicker();

/** The current time in epoch ms, re-rendering the caller once a second from the shared ticker. */
export function useNow(): number {
  return useSyncExternalStore(shared.subscribe, shared.getSnapshot, shared.getSnapshot);
}

/**
 * The current time floored to `bucketMs`, from the same shared ticker: the caller re-renders only when
 * the bucket changes (useSyncExternalStore skips renders while the snapshot is equal).
 */
export function useNowBucket(bucketMs: number): number {
  const snapshot = () => Math.floor(shared.getSnapshot() / bucketMs) * bucketMs;
  return useSyncExternalStore(shared.subscribe, snapshot, snapshot);
}

/** The latest of `boundaries` that `now` is strictly past (0 before all): it changes only when one passes. */
export function lastPassed(now: number, boundaries: readonly number[]): number {
  let last = 0;
  for (const b of boundaries) if (now > b && b > last) last = b;
  return last;
}

/**
 * The current time from the shared ticker, re-rendering every second while `live`, and otherwise only
 * when one of `boundaries` passes: an off-screen card still changes phase and probes on time, but
 * costs nothing in between (the ticker reads one snapshot per card per second, no render).
 */
export function useNowWhile(live: boolean, boundaries: readonly number[]): number {
  const snapshot = () => (live ? shared.getSnapshot() : lastPassed(shared.getSnapshot(), boundaries));
  const value = useSyncExternalStore(shared.subscribe, snapshot, snapshot);
  return live ? value : shared.getSnapshot();
}
