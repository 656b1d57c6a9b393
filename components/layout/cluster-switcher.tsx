'use client';

import { type KeyboardEvent, lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { ClusterSwitcherFace, type PageCluster, switcherButtonClass } from './cluster-switcher-face';

// The list (with its fetch and labels) loads on first open: most page views never open it.
const SwitcherPanel = lazy(() => import('./cluster-switcher-panel'));

/**
 * The header's cluster switcher: a button naming the page's cluster; opening it lists every
 * context of the kubeconfig with its connection state, and each entry goes to the same page on that
 * cluster. A disclosure: Escape and a click outside close it, ArrowDown opens it and moves into the list.
 */
export function ClusterSwitcher({ page }: { page: PageCluster }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (root.current && e.target instanceof Node && !root.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const links = () => [...(root.current?.querySelectorAll<HTMLAnchorElement>('[data-cluster-option]') ?? [])];
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const all = links();
      if (!open) {
        if (e.target === button.current && e.key === 'ArrowDown') {
          e.preventDefault();
          setOpen(true);
        }
        return;
      }
      if (all.length === 0) return;
      e.preventDefault();
      const at = all.indexOf(document.activeElement as HTMLAnchorElement);
      const next = e.key === 'ArrowDown' ? (at + 1) % all.length : (at <= 0 ? all.length : at) - 1;
      all[next]?.focus();
    }
  };

  return (
    <div ref={root} className="relative min-w-0" data-testid="cluster-switcher">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-clusters`}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={onKeyDown}
        data-testid="cluster-switcher-button"
        className={switcherButtonClass(page)}
      >
        <ClusterSwitcherFace page={page} open={open} />
      </button>
      <div
        id={`${id}-clusters`}
        hidden={!open}
        className="fixed inset-x-4 top-14 z-30 rounded-lg border border-slate-200 bg-white p-3 shadow-lg sm:absolute sm:inset-x-auto sm:top-full sm:left-0 sm:mt-2 sm:w-96 dark:border-slate-700 dark:bg-slate-900"
      >
        {open && (
          <Suspense
            fallback={<p className="text-sm text-slate-600 dark:text-slate-300">Loading clusters…</p>}
          >
            <SwitcherPanel page={page} onKeyDown={onKeyDown} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
