import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true once the component's handlers are
 * attached. A control whose click does nothing before then (a client-side toggle) is disabled until
 * it would work, so an early tap is not silently lost (and Playwright's click waits for it).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
