'use client';

import Link from '@/components/ui/cluster-link';
import { usePathname } from 'next/navigation';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { pathWithoutCluster } from '@/lib/contracts/cluster-path';
import { isActiveLink, visibleNavLinks } from './nav-links';

/**
 * The main navigation. Below the md breakpoint the links fold behind a disclosure button (the row
 * is ~560 px wide, wider than a phone); it closes on navigation, on Escape and on a click outside.
 * The current section carries aria-current="page" and a visible underline.
 */
export function AppNav({
  account,
  local = true,
  switcher,
}: {
  account?: ReactNode;
  local?: boolean;
  switcher?: ReactNode;
}) {
  const pathname = usePathname();
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const nav = useRef<HTMLElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new pathname is a navigation, which closes the menu
  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (nav.current && e.target instanceof Node && !nav.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      setOpen(false);
      button.current?.focus();
    }
  };

  return (
    <nav
      ref={nav}
      aria-label="Main"
      onKeyDown={onKeyDown}
      className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:gap-x-6 sm:px-6"
    >
      <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
        <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-sky-500 ring-4 ring-sky-500/20" />
        Tokenscope
      </Link>
      {switcher}
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen((o) => !o)}
        data-testid="nav-toggle"
        className="ml-auto inline-flex items-center gap-2 rounded-md border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-100 md:hidden dark:border-slate-700 dark:hover:bg-slate-800"
      >
        <svg
          aria-hidden
          viewBox="0 0 16 16"
          className="h-4 w-4"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          {open ? <path d="M4 4l8 8M12 4l-8 8" /> : <path d="M2 4h12M2 8h12M2 12h12" />}
        </svg>
        Menu
      </button>
      <div
        id={`${id}-menu`}
        className={`${open ? 'flex' : 'hidden'} w-full flex-col gap-3 pb-1 md:flex md:w-auto md:flex-1 md:flex-row md:flex-wrap md:items-center md:gap-x-6 md:pb-0`}
      >
        <ul className="flex flex-col gap-1 text-sm md:flex-row md:gap-4">
          {visibleNavLinks(local).map((l) => {
            const active = isActiveLink(l.href, pathname && pathWithoutCluster(pathname));
            return (
              <li key={l.href}>
                <Link
                  href={l.href}
                  aria-current={active ? 'page' : undefined}
                  className={`block rounded-md px-2 py-2 md:rounded-none md:border-b-2 md:px-0 md:py-0.5 ${
                    active
                      ? 'bg-sky-50 font-semibold text-sky-800 md:border-sky-500 md:bg-transparent dark:bg-sky-950/50 dark:text-sky-200 md:dark:bg-transparent'
                      : 'text-slate-600 hover:text-slate-900 md:border-transparent dark:text-slate-300 dark:hover:text-white'
                  }`}
                >
                  {l.label}
                </Link>
              </li>
            );
          })}
        </ul>
        {account && (
          <div className="flex min-w-0 flex-wrap items-center gap-3 border-t border-slate-200 pt-3 text-xs md:ml-auto md:border-0 md:pt-0 dark:border-slate-800">
            {account}
          </div>
        )}
      </div>
    </nav>
  );
}
