import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';
import { type KubeClients, type RequestClients, clientsForToken } from '@/lib/kube/clients';
import { type ClusterRef, contextClients } from '@/lib/kube/contexts';
import type { Session } from '@/lib/server/session/session';

/**
 * Clients acting as the session's user on `cluster`: their own token when signed in (only on the
 * cluster that accepted it), else that context's own identity in local mode. Shared mode never
 * falls back to the dashboard identity: without a sign-in it throws `unauthorized:session`. A
 * sign-in on another cluster is `forbidden:cluster`, never sent to this one.
 */
function callerClients(session: Session | undefined, cluster: ClusterRef): KubeClients {
  const me = session?.signedIn;
  if (me) {
    if (me.context !== cluster.name) {
      throw new AppError(
        'forbidden:cluster',
        `You signed in on cluster "${me.context}"; this is cluster "${cluster.name}". Your token is sent only to the cluster that accepted it.`,
        { hints: [`Sign out and sign in again here, or go back to cluster "${me.context}".`] },
      );
    }
    return clientsForToken(me.token, me.context);
  }
  if (env().mode === 'shared')
    throw new AppError('unauthorized:session', 'Sign in first: this Tokenscope is shared and acts as you.');
  return contextClients(cluster.name);
}

/** The clients of a request made in `session` for `cluster` (read when first used; route() hands them to every handler). */
export function requestClients(session: Session | undefined, cluster: () => ClusterRef): RequestClients {
  let caller: KubeClients | undefined;
  return {
    get forCaller() {
      caller ??= callerClients(session, cluster());
      return caller;
    },
    get asDashboard() {
      return contextClients(cluster().name);
    },
    get context() {
      return cluster().name;
    },
  };
}
