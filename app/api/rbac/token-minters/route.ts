import { json, route } from '@/lib/http/route';
import { callerClients } from '@/lib/http/caller';
import { listTokenMinters } from '@/lib/kube/rbac';

export const GET = route({}, async () => json(await listTokenMinters(callerClients())));
