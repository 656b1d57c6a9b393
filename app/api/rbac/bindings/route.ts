import { bindingsPageSchema, bindingsQuerySchema } from '@/lib/contracts/rbac-bindings.schema';
import { json, route } from '@/lib/server/http/route';
import { bindingsPage, filterOf } from '@/lib/kube/rbac-bindings';

export const dynamic = 'force-dynamic';

export const GET = route(
  {
    summary: 'RBAC bindings, filtered, one page (limit/continue)',
    query: bindingsQuerySchema,
    responses: { 200: bindingsPageSchema },
  },
  async ({ query, clients }) => {
    const { namespaces: _forThePageOnly, ...page } = await bindingsPage(clients.forCaller, {
      filter: filterOf(query),
      limit: query.limit,
      ...(query.continue === undefined ? {} : { continue: query.continue }),
    });
    return json(page);
  },
);
