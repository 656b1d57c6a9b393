import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/http/route';
import { callerClients } from '@/lib/http/caller';
import { readServiceAccountPermissions } from '@/lib/kube/serviceaccount-detail';

export const GET = route({ params: serviceAccountParamsSchema }, async ({ params }) =>
  json(await readServiceAccountPermissions(callerClients(), params.ns, params.name)),
);
