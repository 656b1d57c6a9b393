import { mintedTokenSchema, mintRequestSchema, tokenListSchema } from '@/lib/contracts/tokens';
import { env } from '@/lib/server/env';
import { created, json, route } from '@/lib/server/http/route';
import { mintToken } from '@/lib/server/tokens/mint';
import { listTokens } from '@/lib/server/tokens/vault';

export const dynamic = 'force-dynamic';

export const GET = route(
  { summary: 'Tokens held in this session (metadata only)', responses: { 200: tokenListSchema } },
  async ({ session, cluster }) =>
    json({
      tokens: listTokens(session, cluster.name),
      presenterSafe: env().presenterSafe,
      readOnly: env().readOnly,
      serverTime: new Date().toISOString(),
    }),
);

export const POST = route(
  {
    summary: 'Mint a token (TokenRequest), as the caller or as a held token (actAs)',
    body: mintRequestSchema,
    rateLimit: 'mint',
    responses: { 201: mintedTokenSchema },
  },
  async ({ body, session, clients }) => created(await mintToken(clients, session, body)),
);
