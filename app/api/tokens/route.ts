import { mintRequestSchema } from '@/lib/contracts/tokens';
import { env } from '@/lib/env';
import { created, json, route } from '@/lib/http/route';
import { mintToken } from '@/lib/tokens/mint';
import { listTokens } from '@/lib/tokens/vault';

export const dynamic = 'force-dynamic';

export const GET = route({}, async ({ session }) =>
  json({
    tokens: listTokens(session),
    presenterSafe: env().presenterSafe,
    readOnly: env().readOnly,
    serverTime: new Date().toISOString(),
  }),
);

export const POST = route({ body: mintRequestSchema, rateLimit: 'mint' }, async ({ body, session }) => created(await mintToken(session, body)));
