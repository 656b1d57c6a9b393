import { projectionSchema, scenarioParamsSchema, scenarioProjectSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/server/http/route';
import { projectPodToken } from '@/lib/server/scenarios/project';

export const POST = route(
  {
    summary:
      'Play kubelet’s part for a scenario pod’s projected token volume (one file version), as the caller',
    params: scenarioParamsSchema,
    body: scenarioProjectSchema,
    rateLimit: 'mint',
    responses: { 200: projectionSchema },
  },
  async ({ params, body, session, clients }) =>
    json(await projectPodToken(clients, session, params.name, body)),
);
