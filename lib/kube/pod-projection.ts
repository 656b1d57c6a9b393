import 'server-only';
import type { PodSummary } from '@/lib/contracts/pods';
import type { PodTokenMounts } from '@/lib/contracts/serviceaccounts';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';
import { toPodSummary } from './pods';
import { toPodTokenMounts } from './serviceaccount-pods';

/** One pod with its projected token volumes. Throws mapped AppErrors (`not-found:kube`). */
export async function readPodTokenMounts(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<{ pod: PodSummary; mounts: PodTokenMounts }> {
  const pod = await kubeCall(clients.server, () => clients.core.readNamespacedPod({ namespace, name }));
  return { pod: toPodSummary(pod), mounts: toPodTokenMounts(pod) };
}
