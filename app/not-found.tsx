import { MissingPageView } from '@/components/ui/missing-page-view';
import { env } from '@/lib/server/env';
import { pageCluster } from '@/lib/server/http/page-caller';

// Server-rendered: the root not-found page is part of every page's tree, so a client component here
// would load its script with every page.
export default async function NotFound() {
  // A page under /c/<cluster>/ whose cluster the kubeconfig lacks: say so, and where the clusters are.
  const { error } = await pageCluster();
  if (error?.code === 'not-found:context') {
    return <MissingPageView kind="cluster" ns={env().mode} name={error.detail} />;
  }
  return <MissingPageView kind="page" />;
}
