import { useSyncExternalStore } from 'react';

// Whether the API server (or Tokenscope's own server) is unreachable, as the live-updates banner
// knows it; token cards read it so they never say "Valid" about a token nobody can check.

let down = false;
const listeners = new Set<() => void>();

/** Called by the live-updates banner whenever it decides the cluster is up or down. */
export function reportOutage(isDown: boolean): void {
  if (isDown === down) return;
  down = isDown;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True while the outage banner shows. Server render: false (the banner starts hidden too). */
export function useOutage(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => down,
    () => false,
  );
}
