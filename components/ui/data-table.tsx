import type { ReactNode } from 'react';

/** The bordered, horizontally scrolling frame every data table sits in. */
export function TableFrame({ children }: { children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      {children}
    </div>
  );
}

const headRow = 'bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 dark:bg-slate-800/50 dark:text-slate-400';

/**
 * A table's column headings. `className` adds to the row style (the stacked table hides its head
 * on a phone); a column given as `{ label, className }` styles its own cell.
 */
export function TableHead({
  columns,
  className = '',
  cellClassName = 'px-3 py-2',
}: {
  columns: (string | { key: string; label: ReactNode; className?: string })[];
  className?: string;
  cellClassName?: string;
}) {
  return (
    <thead className={`${className} ${headRow}`.trim()}>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th key={c} scope="col" className={cellClassName}>
              {c}
            </th>
          ) : (
            <th key={c.key} scope="col" className={c.className ?? cellClassName}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
