import { json, route } from '@/lib/http/route';
import { dashboardIdentity } from '@/lib/kube/identity';

export const dynamic = 'force-dynamic';

export const GET = route({}, async () => json(await dashboardIdentity()));
