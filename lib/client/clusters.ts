import { apiFetch } from '@/lib/client/api';
import type { ClusterList } from '@/lib/contracts/clusters';

// The cluster routes as the browser calls them.

export const clustersApi = {
  /** Every context with its last check's result; runs nothing (no plugin, no request to a cluster). */
  list: (signal?: AbortSignal): Promise<ClusterList> => apiFetch<ClusterList>('/api/clusters', { signal }),
  /** Checks one context (its credentials, who it is, the server's version); the list comes back with its result. */
  check: (context: string, signal?: AbortSignal): Promise<ClusterList> =>
    apiFetch<ClusterList>('/api/clusters/check', { method: 'POST', body: { context }, signal }),
  /** Checks every context at once, each within its own time limit. */
  checkAll: (signal?: AbortSignal): Promise<ClusterList> =>
    apiFetch<ClusterList>('/api/clusters/check', { method: 'POST', body: {}, signal }),
};
