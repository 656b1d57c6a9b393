import {
  leastPrivilegeBodySchema,
  leastPrivilegeRemovedSchema,
  leastPrivilegeReplaySchema,
} from '@/lib/contracts/least-privilege.schema';
import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/server/http/route';
import { removeLeastPrivilegeCopy, runLeastPrivilegeLoop } from '@/lib/server/audit/least-privilege';

export const POST = route(
  {
    summary:
      'As the caller: apply the minimal Role(s) to a copy account, mint a token for it, replay the recorded requests (reads for real, the rest by SelfSubjectAccessReview)',
    params: serviceAccountParamsSchema,
    body: leastPrivilegeBodySchema,
    rateLimit: 'mint',
    responses: { 200: leastPrivilegeReplaySchema },
  },
  async ({ params, body, clients }) =>
    json(await runLeastPrivilegeLoop(clients.forCaller, params.ns, params.name, body?.window ?? 3600)),
);

export const DELETE = route(
  {
    summary:
      "As the caller: delete the copy account and the Roles and bindings Tokenscope's least-privilege loop made for it",
    params: serviceAccountParamsSchema,
    responses: { 200: leastPrivilegeRemovedSchema },
  },
  async ({ params, clients }) =>
    json(await removeLeastPrivilegeCopy(clients.forCaller, params.ns, params.name)),
);
