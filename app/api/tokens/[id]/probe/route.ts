import { tokenParamsSchema } from '@/lib/contracts/tokens';
import { json, route } from '@/lib/http/route';
import { probeToken } from '@/lib/tokens/use';

export const POST = route({ params: tokenParamsSchema, rateLimit: 'try' }, async ({ params, session }) =>
  json(await probeToken(session, params.id)),
);
