import { json, route } from '@/lib/http/route';
import { callerClients } from '@/lib/http/caller';
import { clusterIdentity } from '@/lib/kube/identity';

export const dynamic = 'force-dynamic';

export const GET = route({}, async () => json(await clusterIdentity(callerClients())));
