import type { GrantUse, UsedRequest } from '@/lib/contracts/least-privilege';
import { TableFrame, TableHead } from '@/components/ui/data-table';
import { stackedTable as st } from '@/components/ui/stacked-table';
import { describeRequest } from '@/lib/rbac/audit-use';

function codes(q: UsedRequest): string {
  return Object.entries(q.codes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code} ×${n}`)
    .join(', ');
}

function when(iso: string): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '';
}

/** The distinct requests an account made (or was refused), with counts, codes and last seen. */
export function UsedRequestsTable({ requests, testId }: { requests: UsedRequest[]; testId: string }) {
  return (
    <TableFrame>
      <table className={st.table} data-testid={testId}>
        <TableHead className={st.thead} columns={['Request', 'Count', 'Responses', 'Last seen']} />
        <tbody className={st.tbody}>
          {requests.map((q) => (
            <tr
              key={`${q.verb}|${q.group}|${q.resource}|${q.subresource}|${q.namespace}|${q.name}|${q.path}`}
              className={st.tr}
              data-testid="lp-request"
            >
              <td data-label="Request" className={`${st.td} font-mono break-all`}>
                {describeRequest(q)}
              </td>
              <td data-label="Count" className={st.td}>
                {q.count}
              </td>
              <td data-label="Responses" className={`${st.td} font-mono`}>
                {codes(q)}
              </td>
              <td data-label="Last seen" className={`${st.td} whitespace-nowrap`}>
                {when(q.lastSeen)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

function ruleText(g: GrantUse): string {
  if (g.nonResourceURLs.length > 0) return `${g.verbs.join(', ')} ${g.nonResourceURLs.join(', ')}`;
  const groups = g.apiGroups.map((x) => (x === '' ? 'core' : x)).join(', ');
  const names = g.resourceNames.length > 0 ? ` named ${g.resourceNames.join(', ')}` : '';
  return `${g.verbs.join(', ')} ${g.resources.join(', ')} (${groups})${names}`;
}

/** What the account was granted, each rule marked used (by how many requests) or unused. */
export function GrantedTable({ granted, testId = 'lp-granted' }: { granted: GrantUse[]; testId?: string }) {
  return (
    <TableFrame>
      <table className={st.table} data-testid={testId}>
        <TableHead
          className={st.thead}
          columns={['Granted rule', 'Where', 'Granted by', 'Use in the window']}
        />
        <tbody className={st.tbody}>
          {granted.map((g) => (
            <tr
              key={`${g.namespace ?? '*'}|${ruleText(g)}|${g.grantedBy.join(';')}`}
              className={st.tr}
              data-testid="lp-grant"
              data-used={
                g.viaGroupOnly
                  ? 'group'
                  : g.unusedParts.length === 0
                    ? 'true'
                    : g.usedBy > 0
                      ? 'partly'
                      : 'false'
              }
            >
              <td data-label="Granted rule" className={`${st.td} font-mono break-all`}>
                {ruleText(g)}
              </td>
              <td data-label="Where" className={st.td}>
                {g.namespace ?? 'cluster-wide'}
              </td>
              <td data-label="Granted by" className={`${st.td} break-all text-xs`}>
                {g.grantedBy.join('; ')}
              </td>
              <td data-label="Use in the window" className={st.td}>
                {g.viaGroupOnly ? (
                  <span className="text-slate-600 dark:text-slate-400">every account has it (group)</span>
                ) : (
                  <>
                    {g.usedBy > 0 && (
                      <span className="block text-emerald-700 dark:text-emerald-400">
                        used by {g.usedBy} request{g.usedBy === 1 ? '' : 's'}
                      </span>
                    )}
                    {g.unusedParts.length > 0 && (
                      <span
                        className="block font-medium text-red-700 dark:text-red-400"
                        data-testid="lp-unused-parts"
                      >
                        unused: <span className="font-mono">{g.unusedParts.join(', ')}</span>
                      </span>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}
