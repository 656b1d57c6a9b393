'use client';

import Link, { ClusterForm } from '@/components/ui/cluster-link';
import { memo, useId, useMemo, useState } from 'react';
import { TableFrame, TableHead } from '@/components/ui/data-table';
import { inputClass } from '@/components/ui/form-styles';
import { stackedTable as st } from '@/components/ui/stacked-table';
import { useServerPages } from '@/components/ui/use-server-pages';
import { bindingsApi } from '@/lib/client/rbac-bindings';
import { type BindingsPage, DEFAULT_BINDINGS_PAGE, HYGIENE_PARAM } from '@/lib/contracts/rbac-bindings';
import {
  type BindingFilter,
  type BindingRow,
  bindingHref,
  bindingsCursor,
  CLUSTER_SCOPE,
  emptyFilter,
  filterParams,
  filterToQuery,
  parseSubjectLabel,
  roleHref,
  rowFilter,
  sameRow,
} from '@/lib/rbac/bindings';

/** Wait after the last keystroke before asking the server; the rows held narrow at once meanwhile. */
const FILTER_DEBOUNCE_MS = 200;
const SUBJECTS_SHOWN = 4;
const textKeys = ['subject', 'role', 'verb', 'resource'] as const;

const sameFilter = (a: BindingFilter, b: BindingFilter): boolean => filterToQuery(a) === filterToQuery(b);

/** The address's query for a filter; it keeps `?hygiene=all` (the hygiene section's own choice). */
function urlOf(filter: BindingFilter): string {
  const params = new URLSearchParams(filterToQuery(filter));
  const hygiene = new URLSearchParams(window.location.search).get(HYGIENE_PARAM);
  if (hygiene) params.set(HYGIENE_PARAM, hygiene);
  return params.toString();
}

/** Typing in a text filter waits for a pause; a select or the checkbox asks at once. */
function delayOf(was: BindingFilter, next: BindingFilter): number {
  const onlyText = (f: BindingFilter) => ({ ...f, subject: '', role: '', verb: '', resource: '' });
  const typed = textKeys.some((k) => was[k].trim() !== next[k].trim());
  return typed && sameFilter(onlyText(was), onlyText(next)) ? FILTER_DEBOUNCE_MS : 0;
}

/** Whether the rows held can be narrowed to `next` in the browser: only the grant filters need the roles' rules. */
function narrowable(was: BindingFilter, next: BindingFilter): boolean {
  return was.verb.trim() === next.verb.trim() && was.resource.trim() === next.resource.trim();
}

const n = (v: number) => v.toLocaleString('en-US');

// Fixed widths from sm up (table-fixed), so a long name wraps in its column instead of widening the table.
const head = 'px-3 py-2';
const columns = [
  { key: 'binding', label: 'Binding', className: `${head} sm:w-[24%]` },
  { key: 'namespace', label: 'Namespace', className: `${head} sm:w-[13%]` },
  { key: 'role', label: 'Role', className: `${head} sm:w-[22%]` },
  { key: 'subjects', label: 'Subjects', className: `${head} sm:w-[23%]` },
  { key: 'status', label: 'Status', className: `${head} sm:w-[18%]` },
];

const labelClass = 'block text-xs font-medium text-slate-600 dark:text-slate-300';

function subjectHref(label: string): string | undefined {
  const { kind, name } = parseSubjectLabel(label);
  if (kind !== 'ServiceAccount') return undefined;
  const [ns = '', sa = ''] = name.split('/', 2);
  return `/serviceaccounts/${encodeURIComponent(ns)}/${encodeURIComponent(sa)}`;
}

// The rows' links are not prefetched: 50 rows hold up to 300 links, and each one coming into view
// (or shown again while typing) cost the server a render: 193 of them in one benchmark's typing.
function Subject({ label }: { label: string }) {
  const { kind, name } = parseSubjectLabel(label);
  const href = subjectHref(label);
  return (
    <li className="[overflow-wrap:anywhere]">
      <span className="text-xs text-slate-500 dark:text-slate-400">{kind} </span>
      {href ? (
        <Link href={href} prefetch={false} className="text-sky-700 hover:underline dark:text-sky-300">
          {name}
        </Link>
      ) : (
        name
      )}
    </li>
  );
}

/**
 * A row's cells, memoized by content: a server answer (new objects for the same bindings) or a
 * keystroke re-renders only the cells whose binding changed.
 */
const RowCells = memo(
  function RowCells({ row }: { row: BindingRow }) {
    const [open, setOpen] = useState(false);
    const shown = open ? row.subjects : row.subjects.slice(0, SUBJECTS_SHOWN);
    const hidden = row.subjects.length - shown.length;
    return (
      <>
        <td data-label="Binding" className={`${st.td} font-medium`}>
          <Link
            prefetch={false}
            href={bindingHref(row.kind, row.ns, row.name)}
            className="[overflow-wrap:anywhere] text-sky-700 hover:underline dark:text-sky-300"
          >
            {row.name}
          </Link>
          <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">{row.kind}</span>
        </td>
        <td
          data-label="Namespace"
          className={`${st.td} [overflow-wrap:anywhere] text-slate-600 dark:text-slate-300`}
        >
          {row.ns || <span className="text-slate-500 dark:text-slate-400">cluster-wide</span>}
        </td>
        <td data-label="Role" className={st.td}>
          {row.roleKind === 'Role' && !row.ns ? (
            <span className="[overflow-wrap:anywhere]">{row.roleName}</span>
          ) : (
            <Link
              prefetch={false}
              href={roleHref(row.roleKind, row.ns, row.roleName)}
              className="[overflow-wrap:anywhere] text-sky-700 hover:underline dark:text-sky-300"
            >
              {row.roleName}
            </Link>
          )}
          <span className="block text-xs text-slate-500 dark:text-slate-400">{row.roleKind}</span>
        </td>
        <td data-label="Subjects" className={st.td}>
          {row.subjects.length === 0 ? (
            <span className="text-slate-500 dark:text-slate-400">none</span>
          ) : (
            <ul className="space-y-0.5">
              {shown.map((s) => (
                <Subject key={s} label={s} />
              ))}
            </ul>
          )}
          {hidden > 0 && (
            <button
              type="button"
              onClick={() => setOpen(true)}
              className="mt-1 text-xs text-sky-700 underline hover:no-underline dark:text-sky-300"
            >
              {hidden} more
            </button>
          )}
        </td>
        <td data-label="Status" className={`${st.td} [overflow-wrap:anywhere]`}>
          {row.dangling ? (
            <ul data-testid="binding-dangling" className="space-y-0.5 text-red-800 dark:text-red-300">
              {row.dangling.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : (
            <span className="text-slate-500 dark:text-slate-400">ok</span>
          )}
        </td>
      </>
    );
  },
  (was, next) => sameRow(was.row, next.row),
);

/**
 * One binding's row, keyed by binding. A row the filters typed so far leave out is hidden, not
 * unmounted (and is not a `binding-row` then): deleting a character shows it again without
 * building its cells and links anew, which is what made keystrokes slow on a busy machine.
 */
const Row = memo(
  function Row({ row, shown }: { row: BindingRow; shown: boolean }) {
    return (
      <tr
        hidden={!shown}
        data-testid={shown ? 'binding-row' : undefined}
        data-name={row.ns ? `${row.ns}/${row.name}` : row.name}
        data-dangling={row.dangling ? 'true' : undefined}
        data-role={row.roleName}
        className={`${st.tr} hover:bg-sky-50 dark:hover:bg-slate-800/60`}
      >
        <RowCells row={row} />
      </tr>
    );
  },
  (was, next) => was.shown === next.shown && sameRow(was.row, next.row),
);

function TextFilter({
  id,
  label,
  name,
  value,
  placeholder,
  onChange,
}: {
  id: string;
  label: string;
  name: string;
  value: string;
  placeholder?: string;
  onChange: (v: string) => void;
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="search"
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        className={`mt-1 ${inputClass}`}
      />
    </div>
  );
}

/**
 * Every binding, filtered and paged by the server (`/api/rbac/bindings`): the page arrives with its
 * first rows, each filter change narrows the rows held at once and asks the server after a pause,
 * and "Show more" appends the next page. The filters live in the URL so a view can be shared.
 */
export function RbacBindingsBrowser({
  initial,
  namespaces,
  initialFilter,
}: {
  initial: BindingsPage;
  namespaces: string[];
  initialFilter: BindingFilter;
}) {
  const id = useId();
  const {
    query: filter,
    setQuery: setFilter,
    loaded,
    loading,
    error,
    settled,
    more,
    loadMore,
  } = useServerPages<BindingFilter, BindingRow, BindingsPage>({
    initial,
    initialQuery: initialFilter,
    fetchPage: bindingsApi.page,
    sameQuery: sameFilter,
    delayOf,
    urlOf,
    keyOf: bindingsCursor,
  });
  const page = loaded.page ?? initial;
  // While the server is asked, the rows held are narrowed by the new filters (they are a subset of
  // what it will answer, so no row shown is wrong); only a new grant filter must wait for it.
  const local = !settled && narrowable(loaded.query, filter);
  const rows = useMemo(
    () => (local ? page.items.filter(rowFilter(filter)) : page.items),
    [local, page.items, filter],
  );
  const shown = useMemo(() => new Set(rows), [rows]);
  const filtered = filterToQuery(filter) !== '';
  const update = (patch: Partial<BindingFilter>) => setFilter((f) => ({ ...f, ...patch }));
  // A failed request leaves the filter unsettled: the alert says so, nothing keeps spinning.
  const pending = loading || (!settled && !error);
  const matched = settled ? page.matched : undefined;

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4">
      <h2 id={`${id}-heading`} className="sr-only">
        Bindings
      </h2>
      <search aria-label="Filter bindings">
        <ClusterForm
          aria-label="Filter bindings"
          method="get"
          action="/rbac"
          onSubmit={(e) => e.preventDefault()}
          className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4"
        >
          <div className="min-w-0">
            <label htmlFor={`${id}-ns`} className={labelClass}>
              Namespace
            </label>
            <select
              id={`${id}-ns`}
              name={filterParams.ns}
              value={filter.ns}
              onChange={(e) => update({ ns: e.target.value })}
              className={`mt-1 ${inputClass}`}
            >
              <option value="">All namespaces</option>
              <option value={CLUSTER_SCOPE}>Cluster-wide only (ClusterRoleBindings)</option>
              {namespaces.map((ns) => (
                <option key={ns} value={ns}>
                  {ns}
                </option>
              ))}
            </select>
          </div>
          <div className="min-w-0">
            <label htmlFor={`${id}-kind`} className={labelClass}>
              Subject kind
            </label>
            <select
              id={`${id}-kind`}
              name={filterParams.subjectKind}
              value={filter.subjectKind}
              onChange={(e) => update({ subjectKind: e.target.value as BindingFilter['subjectKind'] })}
              className={`mt-1 ${inputClass}`}
            >
              <option value="">Any kind</option>
              <option value="User">User</option>
              <option value="Group">Group</option>
              <option value="ServiceAccount">ServiceAccount</option>
            </select>
          </div>
          <TextFilter
            id={`${id}-subject`}
            label="Subject"
            name={filterParams.subject}
            value={filter.subject}
            placeholder="name or namespace/name"
            onChange={(subject) => update({ subject })}
          />
          <TextFilter
            id={`${id}-role`}
            label="Role"
            name={filterParams.role}
            value={filter.role}
            placeholder="role name"
            onChange={(role) => update({ role })}
          />
          <TextFilter
            id={`${id}-verb`}
            label="Grants verb"
            name={filterParams.verb}
            value={filter.verb}
            placeholder="e.g. create"
            onChange={(verb) => update({ verb })}
          />
          <TextFilter
            id={`${id}-resource`}
            label="On resource"
            name={filterParams.resource}
            value={filter.resource}
            placeholder="e.g. pods, pods/exec"
            onChange={(resource) => update({ resource })}
          />
          <div className="flex items-end gap-3">
            <label className="flex items-center gap-2 pb-1.5 text-sm">
              <input
                type="checkbox"
                name={filterParams.danglingOnly}
                value="1"
                checked={filter.danglingOnly}
                onChange={(e) => update({ danglingOnly: e.target.checked })}
                className="size-4"
              />
              Only dangling
            </label>
            {filtered && (
              <button
                type="button"
                onClick={() => setFilter(emptyFilter)}
                className="pb-1.5 text-sm text-sky-700 underline hover:no-underline dark:text-sky-300"
              >
                Clear
              </button>
            )}
          </div>
        </ClusterForm>
      </search>
      <div className="space-y-1">
        <p role="status" data-testid="bindings-count" className="text-sm text-slate-700 dark:text-slate-300">
          {matched === undefined ? (
            <>
              Filtering {n(page.total)} bindings…
              {local && rows.length > 0 ? ` ${n(rows.length)} of the rows shown match so far.` : ''}
            </>
          ) : filtered ? (
            <>
              <strong>{n(matched)}</strong> of {n(page.total)} bindings match · {n(page.danglingMatched)}{' '}
              dangling
            </>
          ) : (
            <>
              <strong>{n(page.total)}</strong> bindings · {n(page.danglingTotal)} dangling ·{' '}
              {n(page.roleCount)} Roles · {n(page.clusterRoleCount)} ClusterRoles
            </>
          )}
        </p>
        {page.subjectsUnchecked && (
          <p data-testid="bindings-subjects-unchecked" className="text-sm text-amber-800 dark:text-amber-300">
            ServiceAccount subjects are not checked ({page.subjectsUnchecked}): a binding to a missing
            ServiceAccount is not flagged here.
          </p>
        )}
      </div>
      {error && (
        <p
          role="alert"
          data-testid="bindings-error"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200"
        >
          The bindings could not be filtered: {error} The rows below are from the last answer; change a filter
          to try again.
        </p>
      )}
      {rows.length === 0 && error ? null : rows.length === 0 && pending ? (
        <div
          data-testid="bindings-loading"
          aria-busy="true"
          className="h-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800"
        >
          <span className="sr-only">Looking for matching bindings…</span>
        </div>
      ) : rows.length === 0 ? (
        <div
          data-testid="bindings-empty"
          className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300"
        >
          {page.total === 0 ? (
            'The cluster has no RoleBindings or ClusterRoleBindings you may list.'
          ) : (
            <>
              No binding matches these filters. Loosen one, or{' '}
              <button
                type="button"
                onClick={() => setFilter(emptyFilter)}
                className="text-sky-700 underline hover:no-underline dark:text-sky-300"
              >
                clear them all
              </button>
              .
            </>
          )}
        </div>
      ) : null}
      {/* Every row held stays mounted; the ones the filters typed so far leave out are hidden. */}
      {page.items.length > 0 && (
        <div
          hidden={rows.length === 0}
          aria-busy={pending}
          className={pending && !local ? 'opacity-60 transition-opacity' : undefined}
        >
          <TableFrame>
            <table
              className={`${st.table} sm:table-fixed`}
              aria-label="Bindings"
              aria-rowcount={(matched ?? rows.length) + 1}
            >
              <TableHead className={st.thead} columns={columns} />
              <tbody className={st.tbody}>
                {page.items.map((row) => (
                  <Row key={`${row.kind}/${row.ns}/${row.name}`} row={row} shown={shown.has(row)} />
                ))}
              </tbody>
            </table>
          </TableFrame>
        </div>
      )}
      {settled && more && matched !== undefined && (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <span className="text-slate-600 dark:text-slate-300">
            Showing {n(rows.length)} of {n(matched)}.
          </span>
          <button
            type="button"
            onClick={loadMore}
            disabled={loading}
            className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {loading ? 'Loading…' : `Show ${n(Math.min(DEFAULT_BINDINGS_PAGE, matched - rows.length))} more`}
          </button>
        </div>
      )}
    </section>
  );
}
