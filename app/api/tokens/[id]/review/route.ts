import { reviewResultSchema, tokenParamsSchema } from '@/lib/contracts/tokens';
import { json, route } from '@/lib/server/http/route';
import { reviewToken } from '@/lib/server/tokens/use';

export const POST = route(
  {
    summary: 'TokenReview of the token, made by the caller',
    params: tokenParamsSchema,
    rateLimit: 'try',
    responses: { 200: reviewResultSchema },
  },
  async ({ params, session, clients }) => json(await reviewToken(clients.forCaller, session, params.id)),
);
