import { tokenParamsSchema, whoamiResultSchema } from '@/lib/contracts/tokens';
import { json, route } from '@/lib/server/http/route';
import { whoamiWithToken } from '@/lib/server/tokens/use';

export const POST = route(
  {
    summary: 'SelfSubjectReview made with the token',
    params: tokenParamsSchema,
    rateLimit: 'try',
    responses: { 200: whoamiResultSchema },
  },
  async ({ params, session, cluster }) => json(await whoamiWithToken(session, params.id, cluster.name)),
);
