import { TableFrame, TableHead } from '@/components/ui/data-table';
import type { GrantSourceDto } from '@/lib/contracts/rbac';
import { bindingKey, groupLabel, scopeLabel } from './sa-format';
import type { PermissionMatrix } from './sa-permissions-model';

function Cell({
  grants,
  resource,
  verb,
}: {
  grants: GrantSourceDto[] | undefined;
  resource: string;
  verb: string;
}) {
  if (!grants?.length) return <td className="border-b border-slate-100 px-2 py-1.5 dark:border-slate-800" />;
  return (
    <td
      data-testid="perm-cell"
      data-resource={resource}
      data-verb={verb}
      className="border-b border-slate-100 bg-emerald-50/70 px-2 py-1.5 align-top dark:border-slate-800 dark:bg-emerald-950/30"
    >
      <span aria-hidden className="text-emerald-700 dark:text-emerald-400">
        ✓
      </span>
      <span className="sr-only">allowed by </span>
      {/* A floor under the column: on a phone the table scrolls inside its box rather than squeezing
          binding names to a few letters per line. */}
      <ul className="mt-0.5 min-w-36 space-y-0.5">
        {grants.map((g) => (
          <li
            key={bindingKey(g.binding)}
            className="text-[11px] leading-tight"
            title={`${g.binding.kind} ${g.binding.name} → ${g.role.kind} ${g.role.name}`}
          >
            <span className="font-mono">{g.binding.name}</span>
            <span className="text-slate-500 dark:text-slate-400"> → {g.role.name}</span>
          </li>
        ))}
      </ul>
    </td>
  );
}

const th = 'border-b border-slate-200 px-2 py-1.5 text-left font-medium dark:border-slate-700';
const verbColumn = (v: string) => ({ key: v, label: v, className: `${th} font-mono normal-case` });

/** Resources × verbs, then non-resource URLs × verbs; each allowed cell names its binding → role. */
export function SaPermissionsTable({ matrix, caption }: { matrix: PermissionMatrix; caption: string }) {
  if (matrix.rows.length === 0 && matrix.urlRows.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-300">No permissions here.</p>;
  }
  return (
    <div className="space-y-4">
      {matrix.rows.length > 0 && (
        <TableFrame>
          <table className="w-full text-sm" data-testid="permissions-table">
            <caption className="sr-only">{caption}</caption>
            <TableHead
              cellClassName={th}
              columns={['Scope', 'Resource', ...matrix.verbs.map((v) => verbColumn(v))]}
            />
            <tbody>
              {matrix.rows.map((row) => (
                <tr key={row.key} data-testid="perm-row" data-resource={row.resource}>
                  <td className="border-b border-slate-100 px-2 py-1.5 align-top text-slate-600 dark:border-slate-800 dark:text-slate-300">
                    {scopeLabel(row.namespace)}
                  </td>
                  <th
                    scope="row"
                    className="border-b border-slate-100 px-2 py-1.5 text-left align-top font-normal dark:border-slate-800"
                  >
                    <span className="font-mono">{row.resource}</span>
                    <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">
                      ({groupLabel(row.group)})
                    </span>
                    {row.resourceNames && (
                      <span className="block text-xs text-amber-800 dark:text-amber-300">
                        only: {row.resourceNames.join(', ')}
                      </span>
                    )}
                  </th>
                  {matrix.verbs.map((v) => (
                    <Cell key={v} grants={row.cells[v]} resource={row.resource} verb={v} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      {matrix.urlRows.length > 0 && (
        <TableFrame>
          <table className="w-full text-sm">
            <caption className="sr-only">{caption}: non-resource URLs</caption>
            <TableHead cellClassName={th} columns={['Non-resource URL', ...matrix.urlVerbs.map((v) => verbColumn(v))]} />
            <tbody>
              {matrix.urlRows.map((row) => (
                <tr key={row.key}>
                  <th
                    scope="row"
                    className="border-b border-slate-100 px-2 py-1.5 text-left font-mono font-normal dark:border-slate-800"
                  >
                    {row.path}
                  </th>
                  {matrix.urlVerbs.map((v) => (
                    <Cell key={v} grants={row.cells[v]} resource={row.path} verb={v} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </div>
  );
}
