import Link from '@/components/ui/cluster-link';
import { EscalationPathView, RiskFindingItem } from '@/components/rbac/rbac-risk';
import type { AccountRisk } from '@/lib/contracts/risk';

/**
 * What the privilege warnings above cannot see on their own: whether the account can reach
 * cluster-admin-equivalent rights through other accounts (the shortest path), and which more
 * privileged accounts its pods could run as.
 */
export function SaRisk({
  risk,
  error,
  proveDisabled,
}: {
  risk?: AccountRisk;
  error?: string;
  proveDisabled?: string;
}) {
  return (
    <section aria-labelledby="risk-heading" className="space-y-3" data-testid="section-risk">
      <h2 id="risk-heading" className="text-lg font-semibold">
        Escalation
      </h2>
      {error !== undefined && (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
          The escalation analysis is not available: {error}
        </p>
      )}
      {risk?.admin && (
        <p data-testid="sa-admin" className="text-sm font-semibold text-red-800 dark:text-red-200">
          This ServiceAccount holds cluster-admin-equivalent rights itself.
        </p>
      )}
      {risk && !risk.admin && !risk.path && (
        <p data-testid="sa-no-path" className="text-sm text-slate-600 dark:text-slate-300">
          No chain of token mints, impersonation or pods leads from this account to cluster-admin-equivalent
          rights.
        </p>
      )}
      {risk?.path && <EscalationPathView path={risk.path} proveDisabled={proveDisabled} />}
      {risk && risk.runAs.length > 0 && (
        <ul className="space-y-2">
          {risk.runAs.map((f) => (
            <RiskFindingItem
              key={`${f.target?.namespace}/${f.target?.name}/${f.grant.binding.name}`}
              finding={f}
            />
          ))}
        </ul>
      )}
      <p className="text-sm">
        <Link href="/rbac/risk" className="text-sky-700 hover:underline dark:text-sky-300">
          Risk across the cluster
        </Link>
      </p>
    </section>
  );
}
