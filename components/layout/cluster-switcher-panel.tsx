'use client';

import { type KeyboardEvent, useEffect, useState } from 'react';
import { authLabel, problemLabel } from '@/components/clusters/cluster-labels';
import { CodeText } from '@/components/ui/code-text';
import Link from '@/components/ui/cluster-link';
import { clustersApi } from '@/lib/client/clusters';
import { clusterHref, pathWithoutCluster } from '@/lib/contracts/cluster-path';
import { clusterSlug } from '@/lib/contracts/cluster-slug';
import type { ClusterContext, ClusterStatus } from '@/lib/contracts/clusters';
import { AppError } from '@/lib/contracts/errors';
import type { PageCluster } from './cluster-switcher-face';

/**
 * The same page (path and query) on another context. With more than one context every page URL
 * names its cluster, the current one's too (proxy.ts redirects unprefixed pages there).
 */
function samePageOn(c: ClusterContext, many: boolean): string {
  const here = `${pathWithoutCluster(window.location.pathname)}${window.location.search}`;
  return c.current && !many ? here : clusterHref(clusterSlug(c.name), here);
}

function State({ status, checking }: { status: ClusterStatus; checking: boolean }) {
  const [dot, text] =
    checking || status.state === 'unchecked'
      ? ['animate-pulse bg-slate-400', 'Checking…']
      : status.state === 'ok'
        ? ['bg-emerald-500', 'Connected']
        : ['bg-red-500', problemLabel[status.problem]];
  return (
    <span
      className="inline-flex shrink-0 items-center gap-1 text-xs text-slate-600 dark:text-slate-300"
      data-state={checking || status.state === 'unchecked' ? 'checking' : status.state}
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${dot}`} />
      {text}
    </span>
  );
}

/**
 * The switcher's list: every context with its last check at once (GET /api/clusters runs nothing),
 * then every context checked together (a same-origin POST: a check may run a credential plugin).
 * Each entry is a plain link (a full page load) to the same page on that cluster; a failing one
 * says why, and opening it shows that diagnosis instead of a broken page.
 */
export default function ClusterSwitcherPanel({
  page,
  onKeyDown,
}: {
  page: PageCluster;
  /** The switcher's keys (arrows between entries, Escape to close), on every link of the list. */
  onKeyDown: (e: KeyboardEvent) => void;
}) {
  const [contexts, setContexts] = useState<ClusterContext[]>();
  const [checking, setChecking] = useState(true);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const abort = new AbortController();
    const fail = (err: unknown) => {
      if (abort.signal.aborted) return;
      setError(err instanceof AppError ? err.detail : 'The clusters could not be listed.');
      setChecking(false);
    };
    clustersApi
      .list(abort.signal)
      .then((list) => {
        if (abort.signal.aborted) return;
        setContexts(list.contexts);
        return clustersApi.checkAll(abort.signal).then((checked) => {
          if (abort.signal.aborted) return;
          setContexts(checked.contexts);
          setChecking(false);
        });
      })
      .catch(fail);
    return () => abort.abort();
  }, []);

  const failing = contexts?.filter((c) => c.status.state === 'failed').length ?? 0;
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-600 dark:text-slate-300">
        Open this page on another cluster of your kubeconfig.
      </p>
      <p role="status" aria-live="polite" className="sr-only">
        {contexts
          ? `${contexts.length} clusters${checking ? ', checking' : `, ${failing} failing`}.`
          : 'Loading clusters.'}
      </p>
      {error && (
        <p
          role="alert"
          className="rounded-md bg-amber-50 px-2 py-1 text-sm text-amber-950 dark:bg-amber-950/50 dark:text-amber-100"
        >
          {error}
        </p>
      )}
      {!contexts && !error && <p className="text-sm text-slate-600 dark:text-slate-300">Loading clusters…</p>}
      {contexts && (
        <ul className="max-h-[60vh] space-y-1 overflow-y-auto" aria-label="Clusters">
          {contexts.map((c) => {
            const here = c.name === page.name;
            const rowChecking = checking;
            return (
              <li key={c.name}>
                <a
                  href={samePageOn(c, contexts.length > 1)}
                  data-cluster-option
                  onKeyDown={onKeyDown}
                  data-testid="cluster-option"
                  data-context={c.name}
                  aria-current={here ? 'page' : undefined}
                  className={`block rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800 ${
                    here ? 'bg-sky-50 ring-1 ring-sky-300 dark:bg-sky-950/50 dark:ring-sky-700' : ''
                  }`}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="min-w-0 font-mono font-medium break-all">
                      {here && <span aria-hidden>✓ </span>}
                      {c.name}
                    </span>
                    <State status={c.status} checking={rowChecking} />
                  </span>
                  <span className="block text-xs break-all text-slate-500 dark:text-slate-400">
                    {c.host || 'no server URL'} · <CodeText text={authLabel(c.auth)} />
                    {c.current ? ' · kubeconfig’s current context' : ''}
                  </span>
                  {c.status.state === 'failed' && !rowChecking && (
                    <span className="mt-0.5 block text-xs break-words text-red-800 dark:text-red-300">
                      <CodeText text={c.status.summary} />
                    </span>
                  )}
                </a>
              </li>
            );
          })}
        </ul>
      )}
      <p className="border-t border-slate-200 pt-2 text-sm dark:border-slate-700">
        <Link href="/clusters" onKeyDown={onKeyDown} className="text-sky-700 underline dark:text-sky-300">
          Every cluster, with what to do when one fails →
        </Link>
      </p>
    </div>
  );
}
