import { accessRequestSchema } from '@/lib/contracts/rbac';
import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/http/route';
import { dashboardClients } from '@/lib/kube/clients';
import { canServiceAccount } from '@/lib/kube/serviceaccount-detail';

export const POST = route(
  { params: serviceAccountParamsSchema, body: accessRequestSchema },
  async ({ params, body }) => json(await canServiceAccount(dashboardClients(), params.ns, params.name, body)),
);
