import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/http/route';
import { dashboardClients } from '@/lib/kube/clients';
import { readServiceAccountPermissions } from '@/lib/kube/serviceaccount-detail';

export const GET = route({ params: serviceAccountParamsSchema }, async ({ params }) =>
  json(await readServiceAccountPermissions(dashboardClients(), params.ns, params.name)),
);
