import { scenarioParamsSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/http/route';
import { runScenario } from '@/lib/scenarios/run';

export const POST = route({ params: scenarioParamsSchema }, async ({ params }) =>
  json(await runScenario(params.name, 'teardown')),
);
