import { scenarioDeleteSchema, scenarioParamsSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/http/route';
import { deleteScenarioObject } from '@/lib/scenarios/run';

export const POST = route({ params: scenarioParamsSchema, body: scenarioDeleteSchema }, async ({ params, body }) =>
  json(await deleteScenarioObject(params.name, body)),
);
