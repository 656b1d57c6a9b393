import { clusterListSchema } from '@/lib/contracts/clusters.schema';
import { clusterList } from '@/lib/kube/cluster-check';
import { requireKubeconfigOwner } from '@/lib/server/clusters';
import { json, route } from '@/lib/server/http/route';

export const dynamic = 'force-dynamic';

// Listing runs nothing (no exec plugin, no request to any cluster): a GET may come from any web page
// the local user visits (no CSRF check for reads), so the checks are a same-origin POST (./check).
export const GET = route(
  {
    summary: 'Every context of the dashboard’s kubeconfig with its last connection check (local mode only)',
    responses: { 200: clusterListSchema },
  },
  async () => {
    requireKubeconfigOwner();
    return json(clusterList());
  },
);
