import { json, route } from '@/lib/http/route';
import { dashboardClients } from '@/lib/kube/clients';
import { listTokenMinters } from '@/lib/kube/rbac';

export const GET = route({}, async () => json(await listTokenMinters(dashboardClients())));
