import { importRequestSchema, mintedTokenSchema } from '@/lib/contracts/tokens';
import { created, route } from '@/lib/server/http/route';
import { importToken } from '@/lib/server/tokens/mint';

export const POST = route(
  {
    summary: 'Hold a token you already have',
    body: importRequestSchema,
    rateLimit: 'mint',
    responses: { 201: mintedTokenSchema },
  },
  async ({ body, session, cluster }) => created(importToken(session, body, cluster.name)),
);
