'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { TableFrame, TableHead } from '@/components/ui/data-table';
import { stackedTable } from '@/components/ui/stacked-table';
import { clustersApi } from '@/lib/client/clusters';
import { clusterHref } from '@/lib/contracts/cluster-path';
import { clusterSlug } from '@/lib/contracts/cluster-slug';
import type { ClusterContext, ClusterList, ClusterStatus } from '@/lib/contracts/clusters';
import { AppError } from '@/lib/contracts/errors';
import { authLabel, problemLabel } from './cluster-labels';
import { CodeText } from '@/components/ui/code-text';

const columns = [
  'Context',
  'Cluster',
  'Authentication',
  'Status',
  'Details',
  { key: 'action', label: <span className="sr-only">Action</span> },
];

const badge =
  'inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium';

function StatusBadge({ status, checking }: { status: ClusterStatus; checking: boolean }) {
  if (checking || status.state === 'unchecked') {
    return (
      <span
        className={`${badge} bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200`}
        data-state="checking"
      >
        <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-slate-400" />
        Checking…
      </span>
    );
  }
  if (status.state === 'ok') {
    return (
      <span
        className={`${badge} bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200`}
        data-state="ok"
      >
        <span aria-hidden className="h-2 w-2 rounded-full bg-emerald-500" />
        Connected
      </span>
    );
  }
  return (
    <span
      className={`${badge} bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200`}
      data-state="failed"
      data-problem={status.problem}
    >
      <span aria-hidden className="h-2 w-2 rounded-full bg-red-500" />
      {problemLabel[status.problem]}
    </span>
  );
}

function Details({ status, checking }: { status: ClusterStatus; checking: boolean }) {
  if (checking || status.state === 'unchecked')
    return (
      <span className="text-slate-500 dark:text-slate-400">Asking the API server who this context is…</span>
    );
  if (status.state === 'ok') {
    return (
      <div className="space-y-1">
        <p>
          As <span className="font-mono break-all">{status.user.username || '(no username)'}</span>
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {status.version ? `Kubernetes ${status.version}` : 'Version unknown'} · answered in {status.ms} ms
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-1">
      <p className="break-words">
        <CodeText text={status.summary} />
      </p>
      {status.hints.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-4 text-xs text-slate-600 dark:text-slate-300">
          {status.hints.map((h) => (
            <li key={h} className="break-words">
              <CodeText text={h} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Row({
  c,
  many,
  checking,
  onCheck,
}: {
  c: ClusterContext;
  /** More than one context: every cluster's pages are under `/c/<cluster>/`, the current one's too. */
  many: boolean;
  checking: boolean;
  onCheck: () => void;
}) {
  return (
    <tr className={stackedTable.tr} data-testid="cluster-row" data-context={c.name}>
      <th scope="row" data-label="Context" className={`${stackedTable.td} text-left font-normal`}>
        <span className="font-mono font-medium break-words">{c.name}</span>
        {c.current && (
          <span
            className="ml-2 inline-block rounded whitespace-nowrap bg-sky-100 px-1.5 py-0.5 text-xs text-sky-900 dark:bg-sky-950 dark:text-sky-200"
            data-testid="current-context"
          >
            in use
          </span>
        )}
        {c.namespace && (
          <span className="block text-xs text-slate-500 dark:text-slate-400">namespace {c.namespace}</span>
        )}
      </th>
      <td data-label="Cluster" className={stackedTable.td}>
        <span className="block break-words">{c.cluster}</span>
        <span className="block font-mono text-xs break-words text-slate-500 dark:text-slate-400">
          {c.host ? `${c.scheme === 'http' ? 'http://' : ''}${c.host}` : 'no server URL'}
        </span>
      </td>
      <td data-label="Authentication" className={`${stackedTable.td} break-words`}>
        <CodeText text={authLabel(c.auth)} />
      </td>
      <td data-label="Status" className={stackedTable.td}>
        <StatusBadge status={c.status} checking={checking} />
      </td>
      <td data-label="Details" className={`${stackedTable.td} sm:min-w-64`}>
        <Details status={c.status} checking={checking} />
      </td>
      <td className={`${stackedTable.td} whitespace-nowrap`}>
        <a
          href={c.current && !many ? '/' : clusterHref(clusterSlug(c.name), '/')}
          aria-label={`Open ${c.name}`}
          data-testid="open-cluster"
          className="mr-2 inline-block rounded-md border border-sky-600 px-2.5 py-1 text-sm text-sky-800 hover:bg-sky-50 dark:border-sky-400 dark:text-sky-200 dark:hover:bg-sky-950"
        >
          Open
        </a>
        <button
          type="button"
          onClick={onCheck}
          disabled={checking}
          aria-label={`Re-check ${c.name}`}
          className="rounded-md border border-slate-300 px-2.5 py-1 text-sm whitespace-nowrap hover:bg-slate-100 disabled:cursor-wait disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Re-check
        </button>
      </td>
    </tr>
  );
}

/**
 * The kubeconfig's contexts with a connection check each. Every context is checked by its own
 * request as soon as the page shows, so a fast cluster's result appears without waiting for a slow one.
 */
export function ClusterTable({ initial }: { initial: ClusterList }) {
  const [contexts, setContexts] = useState(initial.contexts);
  const [checking, setChecking] = useState<ReadonlySet<string>>(
    () => new Set(initial.contexts.map((c) => c.name)),
  );
  const [error, setError] = useState<string>();
  const started = useRef(false);

  const check = useCallback(async (name: string) => {
    setChecking((prev) => new Set(prev).add(name));
    try {
      const list = await clustersApi.check(name);
      const fresh = list.contexts.find((c) => c.name === name);
      if (fresh) setContexts((prev) => prev.map((c) => (c.name === name ? fresh : c)));
      setError(undefined);
    } catch (err) {
      setError(err instanceof AppError ? err.detail : 'The check could not be run.');
    } finally {
      setChecking((prev) => {
        const next = new Set(prev);
        next.delete(name);
        return next;
      });
    }
  }, []);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    for (const c of initial.contexts) void check(c.name);
  }, [initial.contexts, check]);

  const ok = contexts.filter((c) => !checking.has(c.name) && c.status.state === 'ok').length;
  const failed = contexts.filter((c) => !checking.has(c.name) && c.status.state === 'failed').length;
  const busy = checking.size > 0;

  return (
    <section aria-labelledby="contexts-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="contexts-heading" className="text-lg font-semibold">
          Contexts
        </h2>
        <button
          type="button"
          onClick={() => {
            for (const c of contexts) void check(c.name);
          }}
          disabled={busy}
          className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 disabled:cursor-wait disabled:opacity-60 dark:bg-sky-500 dark:text-slate-950 dark:hover:bg-sky-400"
        >
          Re-check all
        </button>
      </div>
      <p
        role="status"
        aria-live="polite"
        className="text-sm text-slate-600 dark:text-slate-300"
        data-testid="clusters-summary"
      >
        {contexts.length} {contexts.length === 1 ? 'context' : 'contexts'}: {ok} connected, {failed} failing
        {busy ? `, ${checking.size} being checked` : ''}.
      </p>
      {error && (
        <p
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-100"
        >
          {error} Press Re-check to try again.
        </p>
      )}
      <TableFrame>
        <table className={stackedTable.table} data-testid="clusters-table">
          <caption className="sr-only">Kubeconfig contexts and whether Tokenscope can reach each</caption>
          <TableHead columns={columns} className={stackedTable.thead} />
          <tbody className={stackedTable.tbody}>
            {contexts.map((c) => (
              <Row
                key={c.name}
                c={c}
                many={contexts.length > 1}
                checking={checking.has(c.name)}
                onCheck={() => void check(c.name)}
              />
            ))}
          </tbody>
        </table>
      </TableFrame>
    </section>
  );
}
