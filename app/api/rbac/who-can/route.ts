import { whoCanQuerySchema, whoCanResultSchema } from '@/lib/contracts/rbac';
import { json, route } from '@/lib/server/http/route';
import { whoCanRequest } from '@/lib/kube/rbac';

export const GET = route(
  {
    summary: 'Subjects allowed a request, and the bindings that allow it',
    query: whoCanQuerySchema,
    responses: { 200: whoCanResultSchema },
  },
  async ({ query, clients }) => json(await whoCanRequest(clients.forCaller, query)),
);
