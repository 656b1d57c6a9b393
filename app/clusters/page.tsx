import type { Metadata } from 'next';
import { ClusterTable } from '@/components/clusters/cluster-table';
import { ProblemPanel } from '@/components/ui/problem-panel';
import type { ClusterList } from '@/lib/contracts/clusters';
import { AppError } from '@/lib/contracts/errors';
import { clusterList } from '@/lib/kube/cluster-check';
import { requireKubeconfigOwner } from '@/lib/server/clusters';
import { pageSession } from '@/lib/server/http/page-caller';
import { env } from '@/lib/server/env';
import { redirect } from 'next/navigation';

export const metadata: Metadata = { title: 'Clusters' };
export const dynamic = 'force-dynamic';

const sourceLabel: Record<ClusterList['source'], string> = {
  'kubeconfig-env': 'the kubeconfig in KUBECONFIG',
  'kubeconfig-home': '~/.kube/config',
  'in-cluster': 'the in-cluster ServiceAccount',
};

/** /clusters: every context of the dashboard's kubeconfig and whether Tokenscope can reach it (local mode). */
export default async function ClustersPage() {
  if (env().mode === 'shared' && !(await pageSession())?.signedIn) redirect('/signin');
  let list: ClusterList | undefined;
  let problem: AppError | undefined;
  try {
    requireKubeconfigOwner();
    list = clusterList();
  } catch (err) {
    problem = err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
  }
  const current = list?.contexts.find((c) => c.current);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Clusters</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Every context of {list ? sourceLabel[list.source] : 'the kubeconfig'}, checked the way kubectl would
          connect: its credentials (exec plugin, auth provider, certificate or token), then who the API server
          says you are. A context that fails says why, without holding up the others. Nothing here shows a
          token.
        </p>
        {current && (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
            {list && list.contexts.length > 1 ? (
              <>
                Every page lives under{' '}
                <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">/c/&lt;cluster&gt;/</code>, the
                kubeconfig’s current context too (marked <em>in use</em>:{' '}
                <span className="font-mono">{current.name}</span>), so a link says which cluster it shows and
                can be shared. <em>Open</em> shows a cluster; the switcher in the header does the same from
                any page.
              </>
            ) : (
              <>
                Pages at their usual addresses show the kubeconfig’s current context (
                <span className="font-mono">{current.name}</span>). With more than one context, every page
                lives under{' '}
                <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">/c/&lt;cluster&gt;/</code>.
              </>
            )}
          </p>
        )}
      </header>
      {problem ? (
        <ProblemPanel
          title={problem.code === 'forbidden:shared-mode' ? 'Not in shared mode' : 'No kubeconfig'}
          detail={problem.detail}
          hints={problem.hints}
        />
      ) : list && list.contexts.length === 0 ? (
        <ProblemPanel
          title="The kubeconfig has no contexts"
          detail="There is nothing to check."
          hints={[
            'Add one with `kubectl config set-context`, or point KUBECONFIG at another file and restart Tokenscope.',
          ]}
        />
      ) : list ? (
        <ClusterTable initial={list} />
      ) : null}
    </div>
  );
}
