import { boundObjectsParamsSchema, boundObjectsQuerySchema } from '@/lib/contracts/bound-objects';
import { json, route } from '@/lib/http/route';
import { callerClients } from '@/lib/http/caller';
import { listBoundObjects } from '@/lib/kube/bound-objects';

export const GET = route(
  { params: boundObjectsParamsSchema, query: boundObjectsQuerySchema },
  async ({ params, query }) => json(await listBoundObjects(callerClients(), params.ns, query.kind)),
);
