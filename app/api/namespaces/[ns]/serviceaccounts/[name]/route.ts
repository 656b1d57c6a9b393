import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/http/route';
import { callerClients } from '@/lib/http/caller';
import { readServiceAccountDetail } from '@/lib/kube/serviceaccount-detail';

export const GET = route({ params: serviceAccountParamsSchema }, async ({ params }) =>
  json(await readServiceAccountDetail(callerClients(), params.ns, params.name)),
);
