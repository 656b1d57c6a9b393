import { z } from 'zod';
import { scenarioSummarySchema } from '@/lib/contracts/scenarios-api';
import { json, route } from '@/lib/server/http/route';
import { listScenarios } from '@/lib/server/scenarios/run';

export const dynamic = 'force-dynamic';

export const GET = route(
  {
    summary: 'Workshop scenarios',
    responses: { 200: z.object({ scenarios: z.array(scenarioSummarySchema) }) },
  },
  async () => json({ scenarios: await listScenarios() }),
);
