import { tokenParamsSchema, tryRequestSchema, tryResultSchema } from '@/lib/contracts/tokens';
import { json, route } from '@/lib/server/http/route';
import { tryWithToken } from '@/lib/server/tokens/use';

/** A real call made with the held token; 200 with the API server's answer, whatever it is. */
export const POST = route(
  {
    summary: 'A real read made with the token; 200 with the API server’s answer, whatever its status',
    params: tokenParamsSchema,
    body: tryRequestSchema,
    rateLimit: 'try',
    responses: { 200: tryResultSchema },
  },
  async ({ params, body, session, cluster }) =>
    json(await tryWithToken(session, params.id, body, cluster.name)),
);
