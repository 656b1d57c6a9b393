import 'server-only';
import type { V1Pod, V1Volume } from '@kubernetes/client-node';
import type { PodTokenMounts, ProjectedToken, TokenVolume } from '@/lib/contracts/serviceaccounts';
import {
  DEFAULT_PROJECTED_TOKEN_SECONDS,
  EXTENDED_REQUEST_SECONDS,
  kubeletRefreshAfterSeconds,
} from '@/lib/k8s/token-lifetime';
import type { KubeClients } from './clients';
import { eachPage } from './paging';

function toProjectedTokens(volume: V1Volume): ProjectedToken[] {
  return (volume.projected?.sources ?? []).flatMap((source) => {
    const t = source.serviceAccountToken;
    if (!t) return [];
    const expirationSeconds = t.expirationSeconds ?? DEFAULT_PROJECTED_TOKEN_SECONDS;
    const token: ProjectedToken = {
      path: t.path,
      expirationSeconds,
      refreshAfterSeconds: kubeletRefreshAfterSeconds(expirationSeconds),
      // --service-account-extend-token-expiration (on by default) applies to exactly this request.
      extendedExpiry: expirationSeconds === EXTENDED_REQUEST_SECONDS && !t.audience,
    };
    if (t.audience) token.audience = t.audience;
    return [token];
  });
}

/** Maps a pod to its projected token volumes and where each is mounted. */
export function toPodTokenMounts(p: V1Pod): PodTokenMounts {
  const containers = [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])];
  const volumes: TokenVolume[] = (p.spec?.volumes ?? []).flatMap((v) => {
    const tokens = toProjectedTokens(v);
    if (tokens.length === 0) return [];
    const mounts = containers.flatMap((c) =>
      (c.volumeMounts ?? [])
        .filter((m) => m.name === v.name)
        .map((m) => ({ container: c.name, mountPath: m.mountPath, readOnly: m.readOnly === true })),
    );
    return [{ name: v.name, isDefault: v.name.startsWith('kube-api-access-'), mounts, tokens }];
  });
  const out: PodTokenMounts = {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    phase: p.status?.phase ?? 'Unknown',
    volumes,
  };
  if (p.metadata?.creationTimestamp) out.createdAt = new Date(p.metadata.creationTimestamp).toISOString();
  if (p.spec?.automountServiceAccountToken !== undefined) {
    out.automountServiceAccountToken = p.spec.automountServiceAccountToken;
  }
  return out;
}

async function eachPodPage(
  clients: KubeClients,
  namespace: string,
  fieldSelector: string | undefined,
  visit: (pods: V1Pod[]) => void,
): Promise<void> {
  await eachPage(
    clients.server,
    (token) => clients.core.listNamespacedPod({ namespace, fieldSelector, limit: 500, _continue: token }),
    (pods) => {
      visit(pods);
    },
  );
}

/**
 * Lists the pods running as a ServiceAccount (field selector spec.serviceAccountName, pages of
 * 500) with their projected token volumes. Throws mapped AppErrors.
 */
export async function listPodsRunningAs(
  clients: KubeClients,
  namespace: string,
  serviceAccount: string,
): Promise<PodTokenMounts[]> {
  const out: PodTokenMounts[] = [];
  await eachPodPage(clients, namespace, `spec.serviceAccountName=${serviceAccount}`, (pods) => {
    out.push(...pods.map(toPodTokenMounts));
  });
  return out;
}

/** Counts the pods of a namespace per ServiceAccount, reading pages of 500. Throws mapped AppErrors. */
export async function countPodsByServiceAccount(
  clients: KubeClients,
  namespace: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await eachPodPage(clients, namespace, undefined, (pods) => {
    for (const p of pods) {
      const sa = p.spec?.serviceAccountName ?? 'default';
      counts.set(sa, (counts.get(sa) ?? 0) + 1);
    }
  });
  return counts;
}
