import { whoCanQuerySchema } from '@/lib/contracts/rbac';
import { json, route } from '@/lib/http/route';
import { callerClients } from '@/lib/http/caller';
import { whoCanRequest } from '@/lib/kube/rbac';

export const GET = route({ query: whoCanQuerySchema }, async ({ query }) =>
  json(await whoCanRequest(callerClients(), query)),
);
