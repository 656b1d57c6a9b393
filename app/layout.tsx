import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import type { PageCluster } from '@/components/layout/cluster-switcher-face';
import { LiveUpdates } from '@/components/layout/live-updates';
import { ClusterScope } from '@/components/ui/cluster-link';
import { recentStatus } from '@/lib/kube/cluster-check';
import { kubeContexts } from '@/lib/kube/contexts';
import { env } from '@/lib/server/env';
import { pageCluster, pageClusterSlug, pageSession } from '@/lib/server/http/page-caller';
import { lastEventId } from '@/lib/server/live/hub';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tokenscope', template: '%s · Tokenscope' },
  description: 'See, mint, use and watch Kubernetes ServiceAccount tokens expire.',
  // public/icon.svg: static assets live in public/ (served as they are, under the proxy's Host check).
  icons: { icon: { url: '/icon.svg', type: 'image/svg+xml' } },
};

/**
 * The cluster the header's switcher names (local mode, when the kubeconfig has more than one
 * context or the page is on another than the current one); reading the kubeconfig runs nothing.
 */
function switcherCluster(
  cluster: Awaited<ReturnType<typeof pageCluster>>['cluster'],
): PageCluster | undefined {
  if (env().mode !== 'local' || !cluster) return undefined;
  try {
    if (cluster.current && kubeContexts().contexts.length < 2) return undefined;
  } catch {
    return undefined;
  }
  return { name: cluster.name, current: cluster.current };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = (await pageSession())?.signedIn?.user.username;
  // In shared mode nothing is live before sign-in (the event stream needs a signed-in session).
  const live = env().mode === 'local' || user !== undefined;
  // The cluster the URL names (/c/<cluster>/…): links keep it, and the event stream follows it.
  const { cluster } = await pageCluster();
  // Another cluster whose check fails shows its diagnosis on the page; an event stream would only
  // add an outage banner for the same cause (the check is shared with the page's, and cached).
  const failing =
    cluster &&
    !cluster.current &&
    (await recentStatus(cluster.name, 30_000).catch(() => undefined))?.state === 'failed';
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
        >
          Skip to content
        </a>
        <ClusterScope slug={await pageClusterSlug()}>
          <AppHeader user={user} local={env().mode === 'local'} cluster={switcherCluster(cluster)} />
          {live && cluster && !failing && <LiveUpdates after={lastEventId(cluster.name)} />}
          <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            {children}
          </main>
        </ClusterScope>
      </body>
    </html>
  );
}
