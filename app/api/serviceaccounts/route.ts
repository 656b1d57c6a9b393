import { serviceAccountListQuerySchema, serviceAccountPageSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/server/http/route';
import { listServiceAccounts } from '@/lib/kube/serviceaccounts';

export const GET = route(
  {
    summary: 'ServiceAccounts, one page (limit/continue)',
    query: serviceAccountListQuerySchema,
    responses: { 200: serviceAccountPageSchema },
  },
  async ({ query, clients }) => json(await listServiceAccounts(clients.forCaller, query)),
);
