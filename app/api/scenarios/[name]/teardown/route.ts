import { scenarioParamsSchema, scenarioRunSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/server/http/route';
import { runScenario } from '@/lib/server/scenarios/run';

export const POST = route(
  {
    summary: 'Delete what a scenario created, as the caller',
    params: scenarioParamsSchema,
    responses: { 200: scenarioRunSchema },
  },
  async ({ params, clients }) => json(await runScenario(clients.forCaller, params.name, 'teardown')),
);
