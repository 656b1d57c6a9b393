import { permissionsSchema } from '@/lib/contracts/rbac';
import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/server/http/route';
import { readServiceAccountPermissions } from '@/lib/kube/serviceaccount-detail';

export const GET = route(
  {
    summary: 'Effective permissions with the bindings that grant them',
    params: serviceAccountParamsSchema,
    responses: { 200: permissionsSchema },
  },
  async ({ params, clients }) =>
    json(await readServiceAccountPermissions(clients.forCaller, params.ns, params.name)),
);
