import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/http/route';
import { dashboardClients } from '@/lib/kube/clients';
import { readServiceAccountDetail } from '@/lib/kube/serviceaccount-detail';

export const GET = route({ params: serviceAccountParamsSchema }, async ({ params }) =>
  json(await readServiceAccountDetail(dashboardClients(), params.ns, params.name)),
);
