import type { DiffEntry } from '@/lib/rbac/diff';
import { describeEntry } from '@/lib/rbac/diff';

/** One side of a permission diff as a list, each line with the binding → role that grants it. */
export function DiffList({
  entries,
  empty,
  testId,
}: {
  entries: DiffEntry[];
  empty: string;
  testId: string;
}) {
  if (entries.length === 0)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid={testId}>
        {empty}
      </p>
    );
  return (
    <ul
      className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800"
      data-testid={testId}
    >
      {entries.map((e) => {
        const line = describeEntry(e);
        return (
          <li key={line + String(e.partly)} className="px-3 py-2" data-testid="diff-entry">
            <span className="font-mono break-all">{line}</span>
            {e.partly && (
              <span className="ml-1 text-xs text-amber-800 dark:text-amber-300">
                (partly: the other side holds a narrower part)
              </span>
            )}
            {e.grantedBy.length > 0 && (
              <p className="text-xs break-all text-slate-600 dark:text-slate-300">
                via {e.grantedBy.map((g) => `${g.binding.name} → ${g.role.name}`).join('; ')}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
