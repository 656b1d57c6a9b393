import { serviceAccountDetailSchema, serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/server/http/route';
import { readServiceAccountDetail } from '@/lib/kube/serviceaccount-detail';

export const GET = route(
  {
    summary: 'A ServiceAccount: bindings, pods, legacy tokens, warnings',
    params: serviceAccountParamsSchema,
    responses: { 200: serviceAccountDetailSchema },
  },
  async ({ params, clients }) =>
    json(await readServiceAccountDetail(clients.forCaller, params.ns, params.name)),
);
