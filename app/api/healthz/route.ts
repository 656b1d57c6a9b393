import { json, route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({ public: true }, async () => json({ ok: true, checkedAt: new Date().toISOString() }));
