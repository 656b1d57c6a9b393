import { apiFetch } from '@/lib/client/api';
import type { BoundKind, BoundObjectList } from '@/lib/contracts/bound-objects';
import type { ClusterIdentity } from '@/lib/contracts/identity';
import type { VerifyRequest, VerifyResult } from '@/lib/contracts/verifier';
import type {
  ImportRequest,
  MintedToken,
  MintRequest,
  Reveal,
  ReviewResult,
  TokenList,
  TryRequest,
  TryResult,
  WhoamiResult,
} from '@/lib/contracts/tokens';

// The token routes as the workbench calls them. The answers are typed by the same contract the
// routes are written against; they are not parsed again here, because that would put zod
// (~32 kB compressed) in every page's bundle.

const post = { method: 'POST', body: {} } as const;
const at = (id: string, action = '') => `/api/tokens/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export const tokenApi = {
  list: (): Promise<TokenList> => apiFetch<TokenList>('/api/tokens'),
  mint: (body: MintRequest): Promise<MintedToken> =>
    apiFetch<MintedToken>('/api/tokens', { method: 'POST', body }),
  hold: (body: ImportRequest): Promise<MintedToken> =>
    apiFetch<MintedToken>('/api/tokens/import', { method: 'POST', body }),
  forget: async (id: string): Promise<void> => {
    await apiFetch(at(id), { method: 'DELETE' });
  },
  /** The raw token: callers show it only while the user asked to see it, and never store it. */
  reveal: async (id: string): Promise<string> => (await apiFetch<Reveal>(at(id, 'reveal'), post)).token,
  probe: (id: string): Promise<MintedToken> => apiFetch<MintedToken>(at(id, 'probe'), post),
  request: (id: string, body: TryRequest, signal?: AbortSignal): Promise<TryResult> =>
    apiFetch<TryResult>(at(id, 'requests'), { method: 'POST', body, signal }),
  whoami: (id: string): Promise<WhoamiResult> => apiFetch<WhoamiResult>(at(id, 'whoami'), post),
  review: (id: string): Promise<ReviewResult> => apiFetch<ReviewResult>(at(id, 'review'), post),
  /** The token checked as an outside verifier would, server-side; only the id and the profile are sent. */
  verify: (id: string, body: VerifyRequest, signal?: AbortSignal): Promise<VerifyResult> =>
    apiFetch<VerifyResult>(at(id, 'verify'), { method: 'POST', body, signal }),
  /** Pods or Secrets of a namespace, or Nodes (scope is ignored for them), a token may be bound to. */
  boundObjects: (scope: string, kind: BoundKind, signal?: AbortSignal): Promise<BoundObjectList> =>
    apiFetch<BoundObjectList>(
      `/api/namespaces/${encodeURIComponent(scope)}/bound-objects?${new URLSearchParams({ kind })}`,
      { signal },
    ),
  identity: (): Promise<ClusterIdentity> => apiFetch<ClusterIdentity>('/api/identity'),
};

export { describeError } from '@/lib/client/errors';
