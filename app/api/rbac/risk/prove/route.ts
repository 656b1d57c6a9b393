import { proofResultSchema, proveRequestSchema } from '@/lib/contracts/risk';
import { json, route } from '@/lib/server/http/route';
import { proveChain } from '@/lib/server/risk/prove';

export const dynamic = 'force-dynamic';

export const POST = route(
  {
    summary: 'Prove a chain of token mints with real TokenRequests (as the caller, then each minted token)',
    body: proveRequestSchema,
    rateLimit: 'mint',
    responses: { 200: proofResultSchema },
  },
  async ({ body, session, clients }) => json(await proveChain(clients, session, body)),
);
