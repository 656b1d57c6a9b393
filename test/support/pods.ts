import type { PodSummary } from '@/lib/contracts/pods';
import type { KubeClients } from '@/lib/kube/clients';
import { kubeCall } from '@/lib/kube/errors';
import { toPodSummary } from '@/lib/kube/pod-projection';

/**
 * One page of pods in a namespace, as the given clients (server-side paging with limit/continue):
 * what integration tests use to prove a token lists pods, or is refused. Throws mapped AppErrors.
 */
export async function listPods(
  clients: KubeClients,
  namespace: string,
  page: { limit?: number; continue?: string } = {},
): Promise<{ items: PodSummary[]; continue?: string }> {
  const list = await kubeCall(clients.server, () =>
    clients.core.listNamespacedPod({ namespace, limit: page.limit ?? 500, _continue: page.continue }),
  );
  return { items: list.items.map(toPodSummary), continue: list.metadata?._continue || undefined };
}
