import { scenarioGrantSchema, scenarioParamsSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/http/route';
import { grantInScenario } from '@/lib/scenarios/grant';

export const POST = route(
  { params: scenarioParamsSchema, body: scenarioGrantSchema },
  async ({ params, body }) => json(await grantInScenario(params.name, body)),
);
