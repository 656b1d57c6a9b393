import { scenarioApplySchema, scenarioParamsSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/http/route';
import { runScenario } from '@/lib/scenarios/run';

export const POST = route(
  { params: scenarioParamsSchema, body: scenarioApplySchema },
  async ({ params, body }) => json(await runScenario(params.name, 'apply', body?.manifest)),
);
