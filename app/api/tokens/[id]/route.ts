import { tokenParamsSchema } from '@/lib/contracts/tokens';
import { route } from '@/lib/server/http/route';
import { forgetToken } from '@/lib/server/tokens/vault';

export const DELETE = route(
  { summary: 'Forget a token', params: tokenParamsSchema, responses: { 204: { description: 'forgotten' } } },
  async ({ params, session }) => {
    forgetToken(session, params.id);
    return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  },
);
