import {
  scenarioParamsSchema,
  scenarioStaleQuerySchema,
  scenarioStaleUsesSchema,
} from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/server/http/route';
import { scenarioStaleUses } from '@/lib/server/scenarios/stale';

export const GET = route(
  {
    summary:
      'A scenario pod’s requests the API server annotated authentication.k8s.io/stale-token, from the audit log (the pod is read as the caller)',
    params: scenarioParamsSchema,
    query: scenarioStaleQuerySchema,
    // Each call streams the audit log: a session's budget like a call made with a token.
    rateLimit: 'try',
    responses: { 200: scenarioStaleUsesSchema },
  },
  async ({ params, query, clients }) => json(await scenarioStaleUses(clients, params.name, query)),
);
