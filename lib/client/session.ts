import { apiFetch } from '@/lib/client/api';
import type { SessionInfo } from '@/lib/contracts/session';

// The session routes as the browser calls them.

export const sessionApi = {
  /** Sign in with one's own bearer token; the server keeps it and checks it with the API server. */
  signIn: (token: string): Promise<SessionInfo> => apiFetch<SessionInfo>('/api/session', { method: 'POST', body: { token } }),
  /** The session and every token it held are dropped. */
  signOut: async (): Promise<void> => {
    await apiFetch('/api/session', { method: 'DELETE' });
  },
  /** Whether Tokenscope's own server answers (no session needed); false on any failure. */
  serverUp: (): Promise<boolean> =>
    fetch('/api/healthz', { cache: 'no-store' }).then(
      (r) => r.ok,
      () => false,
    ),
};
