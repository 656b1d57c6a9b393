import { scenarioProgressSchema, scenarioProgressStateSchema } from '@/lib/contracts/scenario-progress';
import { scenarioParamsSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/server/http/route';
import { loadScenario } from '@/lib/server/scenarios/load';
import { readProgress, saveProgress } from '@/lib/server/scenarios/progress';

export const GET = route(
  {
    summary: 'A guided walkthrough’s saved progress in this session (tokens by id only)',
    params: scenarioParamsSchema,
    responses: { 200: scenarioProgressStateSchema },
  },
  async ({ params, session, cluster }) => json(readProgress(session, cluster.name, params.name)),
);

// Only scenarios that exist get a slot, so a session holds at most one per shipped scenario and cluster.
export const PUT = route(
  {
    summary: 'Save a guided walkthrough’s progress (at most 32 KiB; tokens by id only)',
    params: scenarioParamsSchema,
    body: scenarioProgressSchema,
    responses: { 200: scenarioProgressStateSchema },
  },
  async ({ params, body, session, cluster }) => {
    await loadScenario(params.name);
    return json(saveProgress(session, cluster.name, params.name, body));
  },
);
