import 'server-only';
import type { V1Pod } from '@kubernetes/client-node';
import type { PodPage, PodSummary } from '@/lib/contracts/pods';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';

export function toPodSummary(p: V1Pod): PodSummary {
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    uid: p.metadata?.uid ?? '',
    serviceAccount: p.spec?.serviceAccountName ?? 'default',
    phase: p.status?.phase ?? 'Unknown',
    nodeName: p.spec?.nodeName,
    createdAt: p.metadata?.creationTimestamp ? new Date(p.metadata.creationTimestamp).toISOString() : undefined,
  };
}

/** One page of pods in a namespace (server-side paging with limit/continue). Throws mapped AppErrors. */
export async function listPods(
  clients: KubeClients,
  namespace: string,
  page: { limit?: number; continue?: string } = {},
): Promise<PodPage> {
  const list = await kubeCall(clients.server, () =>
    clients.core.listNamespacedPod({ namespace, limit: page.limit ?? 500, _continue: page.continue }),
  );
  return { items: list.items.map(toPodSummary), continue: list.metadata?._continue || undefined };
}
