import Link from '@/components/ui/cluster-link';
import { TableFrame, TableHead } from '@/components/ui/data-table';
import { stackedTable as st } from '@/components/ui/stacked-table';
import { CLUSTER_SCOPE, type RuleWithSource, roleHref } from '@/lib/rbac/bindings';
import type { Role } from '@/lib/rbac/types';

const list = (values: string[] | undefined, empty = '—') => (values?.length ? values.join(', ') : empty);
const groups = (values: string[] | undefined) =>
  values?.length ? values.map((g) => (g === '' ? 'core' : g)).join(', ') : '—';

/** A role's rules, one row each, with where an aggregated ClusterRole's rule comes from. */
export function RbacRoleRules({ role, rules }: { role: Role; rules: RuleWithSource[] }) {
  const aggregated = role.aggregationRule !== undefined;
  if (rules.length === 0)
    return (
      <p data-testid="role-no-rules" className="text-sm text-slate-600 dark:text-slate-300">
        {aggregated
          ? 'No rules: no ClusterRole its selectors match holds any rule yet.'
          : 'This role has no rules, so its bindings grant nothing.'}
      </p>
    );
  const columns = ['Verbs', 'API groups', 'Resources', 'Names / URLs', ...(aggregated ? ['From'] : [])];
  return (
    <TableFrame>
      <table className={st.table} aria-label={`Rules of ${role.kind} ${role.name}`}>
        <TableHead className={st.thead} columns={columns} />
        <tbody className={st.tbody}>
          {rules.map(({ rule, from }, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules are listed in the role's own order
            <tr key={i} data-testid="role-rule" className={st.tr}>
              <td data-label="Verbs" className={`${st.td} font-mono`}>
                {list(rule.verbs)}
              </td>
              <td data-label="API groups" className={`${st.td} font-mono`}>
                {rule.nonResourceURLs?.length ? '—' : groups(rule.apiGroups)}
              </td>
              <td data-label="Resources" className={`${st.td} font-mono [overflow-wrap:anywhere]`}>
                {list(rule.resources)}
              </td>
              <td data-label="Names / URLs" className={`${st.td} font-mono [overflow-wrap:anywhere]`}>
                {rule.nonResourceURLs?.length
                  ? list(rule.nonResourceURLs)
                  : rule.resourceNames?.length
                    ? `only ${rule.resourceNames.join(', ')}`
                    : 'all'}
              </td>
              {aggregated && (
                <td data-label="From" className={st.td}>
                  {from.length === 0 ? (
                    <span className="text-slate-500 dark:text-slate-400">
                      this role itself (no current source)
                    </span>
                  ) : (
                    <ul>
                      {from.map((name) => (
                        <li key={name}>
                          <Link
                            href={roleHref('ClusterRole', CLUSTER_SCOPE, name)}
                            className="[overflow-wrap:anywhere] text-sky-700 hover:underline dark:text-sky-300"
                          >
                            {name}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

/** The selectors of an aggregated ClusterRole, as text. */
export function aggregationText(role: Role): string[] {
  return (role.aggregationRule?.clusterRoleSelectors ?? []).map((sel) => {
    const parts = [
      ...Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
      ...(sel.matchExpressions ?? []).map((e) =>
        `${e.key} ${e.operator} ${(e.values ?? []).join(',')}`.trim(),
      ),
    ];
    return parts.length ? parts.join(', ') : 'every ClusterRole (empty selector)';
  });
}
