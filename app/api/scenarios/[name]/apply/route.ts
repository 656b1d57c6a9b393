import { scenarioApplySchema, scenarioParamsSchema, scenarioRunSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/server/http/route';
import { runScenario } from '@/lib/server/scenarios/run';

export const POST = route(
  {
    summary: 'Server-side apply a scenario, or one of its manifests, as the caller',
    params: scenarioParamsSchema,
    body: scenarioApplySchema,
    responses: { 200: scenarioRunSchema },
  },
  async ({ params, body, clients }) =>
    json(await runScenario(clients.forCaller, params.name, 'apply', body?.manifest)),
);
