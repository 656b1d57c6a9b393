import { serviceAccountListQuerySchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/http/route';
import { dashboardClients } from '@/lib/kube/clients';
import { listServiceAccounts } from '@/lib/kube/serviceaccounts';

export const GET = route({ query: serviceAccountListQuerySchema }, async ({ query }) =>
  json(await listServiceAccounts(dashboardClients(), query)),
);
