import { accessRequestSchema } from '@/lib/contracts/rbac';
import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/http/route';
import { callerClients } from '@/lib/http/caller';
import { canServiceAccount } from '@/lib/kube/serviceaccount-detail';

export const POST = route(
  { params: serviceAccountParamsSchema, body: accessRequestSchema },
  async ({ params, body }) => json(await canServiceAccount(callerClients(), params.ns, params.name, body)),
);
