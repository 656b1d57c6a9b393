import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterIdentity, UserInfo } from '@/lib/contracts/identity';
import { env } from '@/lib/server/env';
import type { KubeClients } from './clients';
import { dashboardKubeConfig } from './config';
import { kubeCall } from './errors';

/** Who the given clients' identity is, from a SelfSubjectReview. Throws mapped AppErrors. */
export async function selfSubjectReview(clients: KubeClients): Promise<UserInfo> {
  const review = await kubeCall(clients.server, () =>
    clients.authn.createSelfSubjectReview({
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    }),
  );
  const info = review.status?.userInfo;
  return {
    username: info?.username ?? '',
    uid: info?.uid,
    groups: info?.groups ?? [],
    extra: info?.extra,
  };
}

const dashboardUsers = new WeakMap<KubeConfig, Promise<string | undefined>>();

/**
 * The dashboard identity's username (SelfSubjectReview with `asDashboard`, its clients), asked once
 * per kubeconfig. Never rejects: undefined when the review fails, and the next call asks again.
 */
export async function dashboardUsername(asDashboard: KubeClients): Promise<string | undefined> {
  try {
    const clients = asDashboard;
    let asked = dashboardUsers.get(clients.kc);
    if (!asked) {
      asked = selfSubjectReview(clients).then((user) => user.username || undefined);
      dashboardUsers.set(clients.kc, asked);
      asked.catch(() => dashboardUsers.delete(clients.kc));
    }
    return await asked;
  } catch {
    return undefined;
  }
}

/**
 * The cluster the dashboard is connected to, its version, and who the given clients' identity is
 * there (the dashboard's in local mode, the signed-in user's in shared mode). The kubeconfig's path
 * is the server operator's business: it is told only in local mode, where the user is the operator.
 */
export async function clusterIdentity(clients: KubeClients): Promise<ClusterIdentity> {
  const { source } = dashboardKubeConfig();
  const [user, version] = await Promise.all([
    selfSubjectReview(clients),
    kubeCall(clients.server, () => clients.version.getCode())
      .then((v) => v.gitVersion)
      .catch(() => undefined),
  ]);
  return {
    // The clients' own cluster and context (the page's cluster), not the kubeconfig's current one.
    server: clients.server,
    context: clients.context,
    source: source.kind,
    ...(env().mode === 'local' ? { sourcePath: source.path } : {}),
    version,
    user,
  };
}
