import {
  scenarioGrantResultSchema,
  scenarioGrantSchema,
  scenarioParamsSchema,
} from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/server/http/route';
import { grantInScenario } from '@/lib/server/scenarios/grant';

export const POST = route(
  {
    summary:
      'Apply the minimal Role + RoleBinding for a denied request, in the scenario’s namespace, as the caller',
    params: scenarioParamsSchema,
    body: scenarioGrantSchema,
    responses: { 200: scenarioGrantResultSchema },
  },
  async ({ params, body, clients }) => json(await grantInScenario(clients.forCaller, params.name, body)),
);
