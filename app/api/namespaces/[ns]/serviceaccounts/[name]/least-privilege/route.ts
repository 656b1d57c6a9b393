import {
  leastPrivilegeQuerySchema,
  leastPrivilegeReportSchema,
} from '@/lib/contracts/least-privilege.schema';
import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { json, route } from '@/lib/server/http/route';
import { leastPrivilegeReport } from '@/lib/server/audit/least-privilege';

export const GET = route(
  {
    summary: 'Granted vs used (from the audit log) and the minimal Role(s) for a ServiceAccount',
    params: serviceAccountParamsSchema,
    query: leastPrivilegeQuerySchema,
    responses: { 200: leastPrivilegeReportSchema },
  },
  async ({ params, query, clients }) =>
    json(await leastPrivilegeReport(clients.forCaller, params.ns, params.name, query.window)),
);
