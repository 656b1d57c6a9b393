import { importRequestSchema } from '@/lib/contracts/tokens';
import { created, route } from '@/lib/http/route';
import { importToken } from '@/lib/tokens/mint';

export const POST = route({ body: importRequestSchema, rateLimit: 'mint' }, async ({ body, session }) => created(importToken(session, body)));
