import { healthSchema } from '@/lib/contracts/identity';
import { json, route } from '@/lib/server/http/route';

export const dynamic = 'force-dynamic';

export const GET = route(
  {
    summary: 'Tokenscope is up (no session needed)',
    public: true,
    responses: { 200: healthSchema.omit({ server: true }) },
  },
  async () => json({ ok: true, checkedAt: new Date().toISOString() }),
);
