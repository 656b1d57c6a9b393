import { clusterCheckRequestSchema, clusterListSchema } from '@/lib/contracts/clusters.schema';
import { checkContexts } from '@/lib/kube/cluster-check';
import { requireKubeconfigOwner } from '@/lib/server/clusters';
import { json, route } from '@/lib/server/http/route';

export const dynamic = 'force-dynamic';

export const POST = route(
  {
    summary:
      'Checks one context (or all) of the dashboard’s kubeconfig: credentials, SelfSubjectReview and version, each within 8 s, concurrently (local mode only)',
    body: clusterCheckRequestSchema,
    rateLimit: 'try',
    responses: { 200: clusterListSchema },
  },
  async ({ body }) => {
    requireKubeconfigOwner();
    return json(await checkContexts(body.context ? [body.context] : undefined));
  },
);
