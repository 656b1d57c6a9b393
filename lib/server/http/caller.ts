import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';
import { type KubeClients, type RequestClients, clientsForToken, dashboardClients } from '@/lib/kube/clients';
import type { Session } from '@/lib/server/session/session';

/**
 * Clients acting as the session's user: their own token when signed in, else the dashboard
 * identity in local mode. Shared mode never falls back to the dashboard identity: without a
 * sign-in it throws `unauthorized:session`.
 */
function callerClients(session: Session | undefined): KubeClients {
  const me = session?.signedIn;
  if (me) return clientsForToken(me.token);
  if (env().mode === 'shared')
    throw new AppError('unauthorized:session', 'Sign in first: this Tokenscope is shared and acts as you.');
  return dashboardClients();
}

/** The clients of a request made in `session` (route() hands them to every handler). */
export function requestClients(session: Session | undefined): RequestClients {
  let caller: KubeClients | undefined;
  return {
    get forCaller() {
      caller ??= callerClients(session);
      return caller;
    },
    get asDashboard() {
      return dashboardClients();
    },
  };
}
