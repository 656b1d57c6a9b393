import { type RefObject, useEffect, useState } from 'react';

// One IntersectionObserver for every card: 200 observers cost a visible slice of each frame, one
// observer with 200 targets does not.

type Listener = (onScreen: boolean) => void;
const listeners = new Map<Element, Listener>();
let observer: IntersectionObserver | null = null;

function shared(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
    },
    // A margin, so a countdown is already live when it scrolls into view.
    { rootMargin: '200px' },
  );
  return observer;
}

/** Whether the element is on (or within 200 px of) the screen; true until the observer has said. */
export function useOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    listeners.set(el, setOnScreen);
    shared().observe(el);
    return () => {
      listeners.delete(el);
      shared().unobserve(el);
    };
  }, [ref]);
  return onScreen;
}
