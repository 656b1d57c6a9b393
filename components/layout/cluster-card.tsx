import Link from '@/components/ui/cluster-link';
import type { ClusterIdentity } from '@/lib/contracts/identity';

const sourceLabel: Record<ClusterIdentity['source'], string> = {
  'kubeconfig-env': 'KUBECONFIG',
  'kubeconfig-home': '~/.kube/config',
  'in-cluster': 'in-cluster ServiceAccount',
};

/**
 * The cluster the dashboard talks to and who it is there (SelfSubjectReview): the dashboard's own
 * identity, or in shared mode the signed-in user, as whom every call is made.
 */
export function ClusterCard({ identity, shared = false }: { identity: ClusterIdentity; shared?: boolean }) {
  const rows: [string, string][] = [
    ['API server', identity.server],
    ['Version', identity.version ?? 'unknown'],
    ['Context', identity.context],
    [
      'Configured by',
      identity.sourcePath
        ? `${sourceLabel[identity.source]} (${identity.sourcePath})`
        : sourceLabel[identity.source],
    ],
  ];
  return (
    <section
      aria-labelledby="cluster-heading"
      data-testid="cluster-card"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2
        id="cluster-heading"
        className="text-sm font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400"
      >
        Connected cluster
      </h2>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
            <dd className="font-mono break-all">{v}</dd>
          </div>
        ))}
      </dl>
      {!shared && identity.source !== 'in-cluster' && (
        <p className="mt-2 text-sm">
          <Link href="/clusters" className="text-sky-700 underline dark:text-sky-300">
            Every context of this kubeconfig →
          </Link>
        </p>
      )}
      <h3 className="mt-5 text-sm font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
        {shared ? 'You (signed in; Tokenscope acts as you)' : 'Dashboard identity'}
      </h3>
      <p className="mt-2 font-mono text-base" data-testid="dashboard-username">
        {identity.user.username}
      </p>
      <ul aria-label="Groups" className="mt-2 flex flex-wrap gap-2">
        {identity.user.groups.map((g) => (
          <li
            key={g}
            className="rounded-full bg-slate-100 px-2.5 py-0.5 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200"
          >
            {g}
          </li>
        ))}
      </ul>
      {identity.user.groups.includes('system:masters') && (
        <p className="mt-3 text-sm text-amber-700 dark:text-amber-300">
          This identity is in <code>system:masters</code>: RBAC does not apply to it. Everything you try with
          minted tokens runs as those tokens instead.
        </p>
      )}
    </section>
  );
}
