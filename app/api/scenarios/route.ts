import { json, route } from '@/lib/http/route';
import { listScenarios } from '@/lib/scenarios/run';

export const dynamic = 'force-dynamic';

export const GET = route({}, async () => json({ scenarios: await listScenarios() }));
