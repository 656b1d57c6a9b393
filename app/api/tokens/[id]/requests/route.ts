import { tokenParamsSchema, tryRequestSchema } from '@/lib/contracts/tokens';
import { json, route } from '@/lib/http/route';
import { tryWithToken } from '@/lib/tokens/use';

/** A real call made with the held token; 200 with the API server's answer, whatever it is. */
export const POST = route({ params: tokenParamsSchema, body: tryRequestSchema, rateLimit: 'try' }, async ({ params, body, session }) =>
  json(await tryWithToken(session, params.id, body)),
);
