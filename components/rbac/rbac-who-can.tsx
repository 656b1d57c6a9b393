import { ClusterForm } from '@/components/ui/cluster-link';
import type { ServedResources } from '@/lib/contracts/discovery';
import type { WhoCanQuery, WhoCanResult } from '@/lib/contracts/rbac';
import { bindingKey, ruleText, uniqueByBinding } from '@/components/serviceaccounts/sa-format';
import { RbacSubject } from './rbac-subject';
import { TableFrame, TableHead } from '@/components/ui/data-table';
import { type RequestField, RequestFields } from './request-fields';
import { stackedTable as st } from '@/components/ui/stacked-table';

/** Suggestions from discovery for the fields that have a known set of values. */
function suggestions(served: ServedResources): Partial<Record<RequestField, string[]>> {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  const { resources } = served;
  return {
    verb: sorted(resources.flatMap((r) => r.verbs)),
    group: sorted(resources.map((r) => r.group).filter(Boolean)),
    resource: sorted(resources.map((r) => r.name.split('/')[0] ?? r.name)),
    subresource: sorted(resources.flatMap((r) => r.name.split('/').slice(1))),
  };
}

/** The who-can form: a plain GET form, so the answer is a shareable URL rendered on the server. */
export function RbacWhoCanForm({
  values,
  served = { resources: [] },
}: {
  values: Partial<Record<keyof WhoCanQuery, string>>;
  /** What discovery says the API server serves (suggested while typing; may be empty). */
  served?: ServedResources;
}) {
  return (
    <ClusterForm
      method="get"
      action="/rbac/who-can"
      className="flex flex-wrap items-end gap-3"
      aria-label="Who can"
    >
      <RequestFields idPrefix="who-can" defaults={values} suggestions={suggestions(served)} />
      <button
        type="submit"
        className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700"
      >
        Who can?
      </button>
    </ClusterForm>
  );
}

/** What discovery does not know about the question: shown next to the answer, which still stands. */
export function RbacWhoCanWarnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div
      role="status"
      data-testid="who-can-warnings"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p className="font-semibold">The API server does not serve this request</p>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      <p className="mt-1">
        RBAC rules may still name it (a typo in a Role, or a CustomResource not installed yet), so the answer
        below is what the bindings say.
      </p>
    </div>
  );
}

/** The subjects allowed to make the request, each with the bindings and roles that allow it. */
export function RbacWhoCanResult({ result }: { result: WhoCanResult }) {
  const q = result.query;
  const what = `${q.verb} ${q.resource}${q.subresource ? `/${q.subresource}` : ''}${q.name ? ` ${q.name}` : ''}`;
  const where = q.namespace ? `in namespace ${q.namespace}` : 'cluster-wide';
  return (
    <div className="space-y-2" data-testid="who-can-result">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {result.subjects.length} subject(s) may <span className="font-mono">{what}</span> ({q.group || 'core'}
        ) {where}:
      </p>
      <TableFrame>
        <table className={st.table}>
          <TableHead className={st.thead} columns={['Subject', 'Granted by']} />
          <tbody className={st.tbody}>
            {result.subjects.map((e) => (
              <tr
                key={`${e.subject.kind}/${e.subject.namespace ?? ''}/${e.subject.name}`}
                data-testid="who-can-subject"
                className={st.tr}
              >
                <td data-label="Subject" className={st.td}>
                  <RbacSubject subject={e.subject} />
                </td>
                <td data-label="Granted by" className={st.td}>
                  {e.superuser && (
                    <span className="block text-slate-600 dark:text-slate-300">
                      bypasses RBAC (privileged group){e.grants.length > 0 ? '; also bound:' : ''}
                    </span>
                  )}
                  <ul className="space-y-1">
                    {uniqueByBinding(e.grants).map((g) => (
                      <li key={bindingKey(g.binding)}>
                        <span className="font-mono">{g.binding.name}</span>
                        <span className="text-slate-500 dark:text-slate-400"> ({g.binding.kind}) → </span>
                        <span className="font-mono">{g.role.name}</span>
                        <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">
                          {ruleText(g.rule)}
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
    </div>
  );
}
