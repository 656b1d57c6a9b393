import { mintedTokenSchema, tokenParamsSchema } from '@/lib/contracts/tokens';
import { json, route } from '@/lib/server/http/route';
import { probeToken } from '@/lib/server/tokens/use';

export const POST = route(
  {
    summary: 'Use the token now and record the answer',
    params: tokenParamsSchema,
    rateLimit: 'try',
    responses: { 200: mintedTokenSchema },
  },
  async ({ params, session, cluster }) => json(await probeToken(session, params.id, cluster.name)),
);
