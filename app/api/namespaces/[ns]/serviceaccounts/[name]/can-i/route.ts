import { accessRequestSchema, canIResultSchema } from '@/lib/contracts/rbac';
import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/server/http/route';
import { canServiceAccount } from '@/lib/kube/serviceaccount-detail';

export const POST = route(
  {
    summary: 'SubjectAccessReview verdict beside the local engine’s explanation',
    params: serviceAccountParamsSchema,
    body: accessRequestSchema,
    responses: { 200: canIResultSchema },
  },
  async ({ params, body, clients }) =>
    json(await canServiceAccount(clients.forCaller, params.ns, params.name, body)),
);
