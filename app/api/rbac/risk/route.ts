import { riskQuerySchema, riskReportSchema } from '@/lib/contracts/risk';
import { json, route } from '@/lib/server/http/route';
import { riskReport } from '@/lib/kube/risk';

export const dynamic = 'force-dynamic';

export const GET = route(
  {
    summary: 'Risk findings of every subject and escalation paths to cluster-admin (filtered)',
    query: riskQuerySchema,
    responses: { 200: riskReportSchema },
  },
  async ({ query, clients }) => json(await riskReport(clients.forCaller, query)),
);
