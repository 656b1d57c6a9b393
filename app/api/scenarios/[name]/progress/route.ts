import { scenarioProgressSchema } from '@/lib/contracts/scenario-progress';
import { scenarioParamsSchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/http/route';
import { loadScenario } from '@/lib/scenarios/load';
import { readProgress, saveProgress } from '@/lib/scenarios/progress';

export const GET = route({ params: scenarioParamsSchema }, async ({ params, session }) =>
  json(readProgress(session, params.name)),
);

// Only scenarios that exist get a slot, so a session holds at most one per shipped scenario.
export const PUT = route({ params: scenarioParamsSchema, body: scenarioProgressSchema }, async ({ params, body, session }) => {
  await loadScenario(params.name);
  return json(saveProgress(session, params.name, body));
});
