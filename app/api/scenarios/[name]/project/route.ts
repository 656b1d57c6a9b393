import { scenarioParamsSchema, scenarioProjectSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/http/route';
import { projectPodToken } from '@/lib/scenarios/project';

export const POST = route(
  { params: scenarioParamsSchema, body: scenarioProjectSchema, rateLimit: 'mint' },
  async ({ params, body, session }) => json(await projectPodToken(session, params.name, body)),
);
