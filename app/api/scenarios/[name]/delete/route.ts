import { scenarioDeleteSchema, scenarioParamsSchema, scenarioRunSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/server/http/route';
import { deleteScenarioObject } from '@/lib/server/scenarios/run';

export const POST = route(
  {
    summary: 'Delete one object a scenario created, as the caller',
    params: scenarioParamsSchema,
    body: scenarioDeleteSchema,
    responses: { 200: scenarioRunSchema },
  },
  async ({ params, body, clients }) => json(await deleteScenarioObject(clients.forCaller, params.name, body)),
);
