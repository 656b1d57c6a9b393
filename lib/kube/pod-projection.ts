import 'server-only';
import type { V1Pod } from '@kubernetes/client-node';
import type { PodSummary } from '@/lib/contracts/pods';
import type { PodTokenMounts } from '@/lib/contracts/serviceaccounts';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';
import { toPodTokenMounts } from './serviceaccount-pods';

/** The browser's view of a pod: who it runs as and where it stands, nothing of its spec beyond that. */
export function toPodSummary(p: V1Pod): PodSummary {
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    uid: p.metadata?.uid ?? '',
    serviceAccount: p.spec?.serviceAccountName ?? 'default',
    phase: p.status?.phase ?? 'Unknown',
    nodeName: p.spec?.nodeName,
    createdAt: p.metadata?.creationTimestamp
      ? new Date(p.metadata.creationTimestamp).toISOString()
      : undefined,
  };
}

/** One pod with its projected token volumes. Throws mapped AppErrors (`not-found:kube`). */
export async function readPodTokenMounts(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<{ pod: PodSummary; mounts: PodTokenMounts }> {
  const pod = await kubeCall(clients.server, () => clients.core.readNamespacedPod({ namespace, name }));
  return { pod: toPodSummary(pod), mounts: toPodTokenMounts(pod) };
}
