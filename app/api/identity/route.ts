import { clusterIdentitySchema } from '@/lib/contracts/identity';
import { json, route } from '@/lib/server/http/route';
import { clusterIdentity } from '@/lib/kube/identity';

export const dynamic = 'force-dynamic';

export const GET = route(
  {
    summary: 'The cluster and who the caller is there (SelfSubjectReview)',
    responses: { 200: clusterIdentitySchema },
  },
  async ({ clients }) => json(await clusterIdentity(clients.forCaller)),
);
