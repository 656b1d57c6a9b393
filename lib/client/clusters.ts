import { apiFetch } from '@/lib/client/api';
import type { ClusterList } from '@/lib/contracts/clusters';

// The cluster routes as the browser calls them.

export const clustersApi = {
  /** Checks one context (its credentials, who it is, the server's version); the list comes back with its result. */
  check: (context: string, signal?: AbortSignal): Promise<ClusterList> =>
    apiFetch<ClusterList>('/api/clusters/check', { method: 'POST', body: { context }, signal }),
};
