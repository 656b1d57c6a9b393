import { apiFetch } from '@/lib/browser/api';
import { AppError } from '@/lib/contracts/errors';
import type { ClusterIdentity } from '@/lib/contracts/identity';
import { type ServiceAccountPage, serviceAccountPageSchema } from '@/lib/contracts/serviceaccounts';
import {
  type ImportRequest,
  type MintedToken,
  type MintRequest,
  mintedTokenSchema,
  type ReviewResult,
  reviewResultSchema,
  revealSchema,
  type TokenList,
  type TryRequest,
  type TryResult,
  tokenListSchema,
  tryResultSchema,
  type WhoamiResult,
  whoamiResultSchema,
} from '@/lib/contracts/tokens';

// The token routes as the workbench calls them. Answers are parsed with the shared contract so a
// drift between server and browser shows up as an error here, not as a blank field somewhere.

const post = { method: 'POST', body: {} } as const;
const at = (id: string, action = '') => `/api/tokens/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export const tokenApi = {
  list: async (): Promise<TokenList> => tokenListSchema.parse(await apiFetch('/api/tokens')),
  mint: async (body: MintRequest): Promise<MintedToken> =>
    mintedTokenSchema.parse(await apiFetch('/api/tokens', { method: 'POST', body })),
  hold: async (body: ImportRequest): Promise<MintedToken> =>
    mintedTokenSchema.parse(await apiFetch('/api/tokens/import', { method: 'POST', body })),
  forget: async (id: string): Promise<void> => {
    await apiFetch(at(id), { method: 'DELETE' });
  },
  /** The raw token: callers show it only while the user asked to see it, and never store it. */
  reveal: async (id: string): Promise<string> =>
    revealSchema.parse(await apiFetch(at(id, 'reveal'), post)).token,
  probe: async (id: string): Promise<MintedToken> =>
    mintedTokenSchema.parse(await apiFetch(at(id, 'probe'), post)),
  request: async (id: string, body: TryRequest, signal?: AbortSignal): Promise<TryResult> =>
    tryResultSchema.parse(await apiFetch(at(id, 'requests'), { method: 'POST', body, signal })),
  whoami: async (id: string): Promise<WhoamiResult> =>
    whoamiResultSchema.parse(await apiFetch(at(id, 'whoami'), post)),
  review: async (id: string): Promise<ReviewResult> =>
    reviewResultSchema.parse(await apiFetch(at(id, 'review'), post)),
  serviceAccounts: async (namespace: string, signal?: AbortSignal): Promise<ServiceAccountPage> => {
    const query = new URLSearchParams({ limit: '200', ...(namespace ? { namespace } : {}) });
    return serviceAccountPageSchema.parse(await apiFetch(`/api/serviceaccounts?${query}`, { signal }));
  },
  identity: (): Promise<ClusterIdentity> => apiFetch<ClusterIdentity>('/api/identity'),
};

/** A failure as the UI shows it: the server's own detail when there is one, and its HTTP status. */
export function describeError(err: unknown): { detail: string; status?: number; code?: string } {
  if (err instanceof AppError) return { detail: err.detail, status: err.status, code: err.code };
  if (err instanceof Error && err.name === 'ZodError') {
    return { detail: 'Tokenscope’s server answered in an unexpected shape.' };
  }
  return { detail: 'The request failed unexpectedly.' };
}
