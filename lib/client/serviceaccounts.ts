import { apiFetch } from '@/lib/client/api';
import type { z } from 'zod';
import type { accessRequestSchema, CanIResult } from '@/lib/contracts/rbac';
import type { ServiceAccountPage } from '@/lib/contracts/serviceaccounts';

// The ServiceAccount routes as the browser calls them, typed by the routes' own contract (not
// parsed again: zod stays out of the browser bundle).

const saPath = (sa: { namespace: string; name: string }, action: string) =>
  `/api/namespaces/${encodeURIComponent(sa.namespace)}/serviceaccounts/${encodeURIComponent(sa.name)}/${action}`;

export interface ServiceAccountQuery {
  namespace?: string;
  /** Substring of namespace/name. */
  q?: string;
  limit: number;
  continue?: string;
}

export const serviceAccountApi = {
  /** One page of ServiceAccounts (limit/continue), filtered by namespace and search. */
  list: (query: ServiceAccountQuery, signal?: AbortSignal): Promise<ServiceAccountPage> => {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.namespace) params.set('namespace', query.namespace);
    if (query.q?.trim()) params.set('q', query.q.trim());
    if (query.continue) params.set('continue', query.continue);
    return apiFetch<ServiceAccountPage>(`/api/serviceaccounts?${params}`, { signal });
  },
  /** SubjectAccessReview beside the local engine's explanation (and near misses) for one request. */
  canI: (sa: { namespace: string; name: string }, request: z.input<typeof accessRequestSchema>): Promise<CanIResult> =>
    apiFetch<CanIResult>(saPath(sa, 'can-i'), { method: 'POST', body: request }),
};
