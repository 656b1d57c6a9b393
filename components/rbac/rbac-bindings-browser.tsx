'use client';

import Link from 'next/link';
import { memo, useId, useMemo, useState } from 'react';
import { TableFrame, TableHead } from '@/components/ui/data-table';
import { inputClass } from '@/components/ui/form-styles';
import { stackedTable as st } from '@/components/ui/stacked-table';
import {
  type BindingFilter,
  type BindingRow,
  bindingHref,
  CLUSTER_SCOPE,
  emptyFilter,
  filterBindings,
  filterParams,
  filterToQuery,
  fromWire,
  parseSubjectLabel,
  roleHref,
  type WireModel,
} from '@/lib/rbac/bindings';

/** Rows rendered at a time; "Show more" adds as many. Filtering always runs over every binding. */
export const BINDINGS_PAGE = 50;
const SUBJECTS_SHOWN = 4;

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

function Subject({ label }: { label: string }) {
  const { kind, name } = parseSubjectLabel(label);
  const href = subjectHref(label);
  return (
    <li className="[overflow-wrap:anywhere]">
      <span className="text-xs text-slate-500 dark:text-slate-400">{kind} </span>
      {href ? (
        <Link href={href} className="text-sky-700 hover:underline dark:text-sky-300">
          {name}
        </Link>
      ) : (
        name
      )}
    </li>
  );
}

// Memoized: row objects are stable, so a keystroke re-renders only the rows that changed place.
const Row = memo(function Row({ row }: { row: BindingRow }) {
  const [open, setOpen] = useState(false);
  const shown = open ? row.subjects : row.subjects.slice(0, SUBJECTS_SHOWN);
  const hidden = row.subjects.length - shown.length;
  return (
    <tr
      data-testid="binding-row"
      data-name={row.ns ? `${row.ns}/${row.name}` : row.name}
      data-dangling={row.dangling ? 'true' : undefined}
      data-role={row.roleName}
      className={`${st.tr} hover:bg-sky-50 dark:hover:bg-slate-800/60`}
    >
      <td data-label="Binding" className={`${st.td} font-medium`}>
        <Link
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
    </tr>
  );
});

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
 * Every binding, filtered in the browser over the whole model at each keystroke (the server sent
 * it once); the filters live in the URL so a view can be shared. Renders BINDINGS_PAGE rows at a time.
 */
export function RbacBindingsBrowser({
  wire,
  initialFilter,
}: {
  wire: WireModel;
  initialFilter: BindingFilter;
}) {
  const id = useId();
  const model = useMemo(() => fromWire(wire), [wire]);
  const [filter, setFilter] = useState(initialFilter);
  const [limit, setLimit] = useState(BINDINGS_PAGE);
  const rows = useMemo(() => filterBindings(model, filter), [model, filter]);
  const danglingTotal = useMemo(() => model.rows.filter((r) => r.dangling).length, [model]);
  const danglingShown = useMemo(() => {
    let n = 0;
    for (const r of rows) if (r.dangling) n++;
    return n;
  }, [rows]);
  const filtered = filterToQuery(filter) !== '';

  const update = (patch: Partial<BindingFilter>) => {
    const next = { ...filter, ...patch };
    setFilter(next);
    setLimit(BINDINGS_PAGE);
    const query = filterToQuery(next);
    window.history.replaceState(null, '', query ? `/rbac?${query}` : '/rbac');
  };

  const visible = rows.slice(0, limit);
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4">
      <h2 id={`${id}-heading`} className="sr-only">
        Bindings
      </h2>
      <search aria-label="Filter bindings">
        <form
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
              {model.namespaces.map((ns) => (
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
                onClick={() => update(emptyFilter)}
                className="pb-1.5 text-sm text-sky-700 underline hover:no-underline dark:text-sky-300"
              >
                Clear
              </button>
            )}
          </div>
        </form>
      </search>
      <p role="status" data-testid="bindings-count" className="text-sm text-slate-700 dark:text-slate-300">
        {filtered ? (
          <>
            <strong>{rows.length.toLocaleString('en-US')}</strong> of{' '}
            {model.rows.length.toLocaleString('en-US')} bindings match · {danglingShown} dangling
          </>
        ) : (
          <>
            <strong>{model.rows.length.toLocaleString('en-US')}</strong> bindings · {danglingTotal} dangling ·{' '}
            {model.roleCount.toLocaleString('en-US')} Roles · {model.clusterRoleCount.toLocaleString('en-US')}{' '}
            ClusterRoles
          </>
        )}
      </p>
      {rows.length === 0 ? (
        <div
          data-testid="bindings-empty"
          className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300"
        >
          {model.rows.length === 0
            ? 'The cluster has no RoleBindings or ClusterRoleBindings you may list.'
            : 'No binding matches these filters. Loosen one, or '}
          {model.rows.length > 0 && (
            <button
              type="button"
              onClick={() => update(emptyFilter)}
              className="text-sky-700 underline hover:no-underline dark:text-sky-300"
            >
              clear them all
            </button>
          )}
          {model.rows.length > 0 && '.'}
        </div>
      ) : (
        <TableFrame>
          <table
            className={`${st.table} sm:table-fixed`}
            aria-label="Bindings"
            aria-rowcount={rows.length + 1}
          >
            <TableHead className={st.thead} columns={columns} />
            <tbody className={st.tbody}>
              {visible.map((row) => (
                <Row key={`${row.kind}/${row.ns}/${row.name}`} row={row} />
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      {rows.length > visible.length && (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <span className="text-slate-600 dark:text-slate-300">
            Showing {visible.length.toLocaleString('en-US')} of {rows.length.toLocaleString('en-US')}.
          </span>
          <button
            type="button"
            onClick={() => setLimit((l) => l + BINDINGS_PAGE)}
            className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Show {Math.min(BINDINGS_PAGE, rows.length - visible.length)} more
          </button>
        </div>
      )}
    </section>
  );
}
