import { apiFetch } from '@/lib/client/api';
import { type BindingsPage, DEFAULT_BINDINGS_PAGE } from '@/lib/contracts/rbac-bindings';
import { type BindingFilter, filterToQuery } from '@/lib/rbac/bindings';

// The bindings route as the browser calls it, typed by the route's own contract (not parsed again:
// zod stays out of the browser bundle).

export const bindingsApi = {
  /** One page of the bindings that pass the filter (the same query keys as /rbac's address). */
  page: (filter: BindingFilter, cont: string | undefined, signal?: AbortSignal): Promise<BindingsPage> => {
    const params = new URLSearchParams(filterToQuery(filter));
    params.set('limit', String(DEFAULT_BINDINGS_PAGE));
    if (cont) params.set('continue', cont);
    return apiFetch<BindingsPage>(`/api/rbac/bindings?${params}`, { signal });
  },
};
