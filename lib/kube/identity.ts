import 'server-only';
import type { ClusterIdentity, UserInfo } from '@/lib/contracts/identity';
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

/**
 * The cluster the dashboard is connected to, its version, and who the given clients' identity is
 * there (the dashboard's in local mode, the signed-in user's in shared mode).
 */
export async function clusterIdentity(clients: KubeClients): Promise<ClusterIdentity> {
  const { source } = dashboardKubeConfig();
  const [user, version] = await Promise.all([
    selfSubjectReview(clients),
    kubeCall(source.server, () => clients.version.getCode())
      .then((v) => v.gitVersion)
      .catch(() => undefined),
  ]);
  return {
    server: source.server,
    context: source.context,
    source: source.kind,
    sourcePath: source.path,
    version,
    user,
  };
}
