import { tokenParamsSchema } from '@/lib/contracts/tokens';
import { verifyRequestSchema, verifyResultSchema } from '@/lib/contracts/verifier.schema';
import { json, route } from '@/lib/server/http/route';
import { verifyHeldToken } from '@/lib/server/tokens/verify';

export const POST = route(
  {
    summary:
      'Verify the held token as an outside verifier: fetch the issuer’s discovery document and JWKS (from the API server with the caller’s credentials, or from a public https issuer), check the signature and iss, aud, exp, nbf, iat against a verifier profile. The token is never returned.',
    params: tokenParamsSchema,
    body: verifyRequestSchema,
    rateLimit: 'try',
    responses: { 200: verifyResultSchema },
  },
  async ({ params, body, session, clients }) =>
    json(await verifyHeldToken(clients, session, params.id, body)),
);
