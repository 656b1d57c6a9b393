import {
  boundObjectListSchema,
  boundObjectsParamsSchema,
  boundObjectsQuerySchema,
} from '@/lib/contracts/bound-objects';
import { json, route } from '@/lib/server/http/route';
import { listBoundObjects } from '@/lib/kube/bound-objects';

export const GET = route(
  {
    summary: 'Pods or Secrets of {ns}, or Nodes, a token may be bound to (metadata only, at most 200)',
    params: boundObjectsParamsSchema,
    query: boundObjectsQuerySchema,
    responses: { 200: boundObjectListSchema },
  },
  async ({ params, query, clients }) =>
    json(await listBoundObjects(clients.forCaller, params.ns, query.kind)),
);
