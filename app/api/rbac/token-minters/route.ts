import { tokenMintersResultSchema } from '@/lib/contracts/rbac';
import { json, route } from '@/lib/server/http/route';
import { listTokenMinters } from '@/lib/kube/rbac';

export const GET = route(
  { summary: 'Who can mint tokens for whom', responses: { 200: tokenMintersResultSchema } },
  async ({ clients }) => json(await listTokenMinters(clients.forCaller)),
);
