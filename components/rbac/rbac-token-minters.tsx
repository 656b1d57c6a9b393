import type { TokenMinterDto } from '@/lib/contracts/rbac';
import { RbacSubject } from './rbac-subject';
import { TableFrame, TableHead } from '@/components/ui/data-table';
import { stackedTable as st } from '@/components/ui/stacked-table';
import { bindingKey, uniqueByBinding } from '@/components/serviceaccounts/sa-format';

/** Who can mint ServiceAccount tokens (create serviceaccounts/token) for whom, and through what. */
export function RbacTokenMinters({ minters }: { minters: TokenMinterDto[] }) {
  if (minters.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Nobody but cluster administrators can mint tokens.
      </p>
    );
  }
  return (
    <TableFrame>
      <table className={st.table} data-testid="token-minters">
        <TableHead className={st.thead} columns={['Who', 'For which ServiceAccounts', 'Granted by']} />
        <tbody className={st.tbody}>
          {minters.flatMap((m) =>
            m.scopes.map((s, i) => (
              <tr
                key={`${m.subject.kind}/${m.subject.namespace ?? ''}/${m.subject.name}/${s.namespace ?? '*'}`}
                data-testid="token-minter"
                className={st.tr}
              >
                <td data-label="Who" className={`${st.td} ${i === 0 ? '' : 'max-sm:hidden'}`}>
                  {i === 0 ? <RbacSubject subject={m.subject} /> : null}
                </td>
                <td data-label="For which ServiceAccounts" className={st.td}>
                  {s.serviceAccounts === 'all' ? (
                    <span className="font-medium text-red-700 dark:text-red-400">
                      any ServiceAccount {s.namespace === null ? 'in any namespace' : `in ${s.namespace}`}
                    </span>
                  ) : (
                    <span>
                      <span className="font-mono">{s.serviceAccounts.join(', ')}</span>{' '}
                      {s.namespace === null ? 'in any namespace' : `in ${s.namespace}`}
                    </span>
                  )}
                </td>
                <td data-label="Granted by" className={st.td}>
                  {uniqueByBinding(s.grantedBy).map((g) => (
                    <span key={bindingKey(g.binding)} className="block">
                      <span className="font-mono">{g.binding.name}</span>
                      <span className="text-slate-500 dark:text-slate-400"> → </span>
                      <span className="font-mono">{g.role.name}</span>
                    </span>
                  ))}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </TableFrame>
  );
}
