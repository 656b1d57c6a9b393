import { serviceAccountListQuerySchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/http/route';
import { callerClients } from '@/lib/http/caller';
import { listServiceAccounts } from '@/lib/kube/serviceaccounts';

export const GET = route({ query: serviceAccountListQuerySchema }, async ({ query }) =>
  json(await listServiceAccounts(callerClients(), query)),
);
