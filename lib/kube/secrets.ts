import 'server-only';
import type { V1Secret } from '@kubernetes/client-node';
import type { LegacyToken } from '@/lib/contracts/serviceaccounts';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';

export const LEGACY_TOKEN_TYPE = 'kubernetes.io/service-account-token';
/** The annotation naming the ServiceAccount a legacy token Secret belongs to. */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
/** Written by the API server (LegacyServiceAccountTokenTracking) the day a legacy token is used. */
export const LAST_USED_LABEL = 'kubernetes.io/legacy-token-last-used';
/** Written by the legacy token cleaner when it invalidates an unused token. */
export const INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';

/** The `kubectl create token` command that issues an expiring token in place of a legacy Secret. */
export function replacementCommand(namespace: string, serviceAccount: string): string {
  return `kubectl create token ${serviceAccount} --namespace ${namespace} --duration 1h`;
}

/** Maps a legacy token Secret to what the UI may see: never its data, only whether it holds a token. */
export function toLegacyToken(s: V1Secret): LegacyToken {
  const namespace = s.metadata?.namespace ?? '';
  const labels = s.metadata?.labels ?? {};
  const serviceAccount = s.metadata?.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] ?? '';
  const token: LegacyToken = {
    namespace,
    name: s.metadata?.name ?? '',
    serviceAccount,
    populated: Boolean(s.data?.token),
    replacement: replacementCommand(namespace, serviceAccount),
  };
  if (s.metadata?.creationTimestamp) token.createdAt = new Date(s.metadata.creationTimestamp).toISOString();
  if (labels[LAST_USED_LABEL]) token.lastUsed = labels[LAST_USED_LABEL];
  if (labels[INVALID_SINCE_LABEL]) token.invalidSince = labels[INVALID_SINCE_LABEL];
  return token;
}

/**
 * Lists the legacy token Secrets of a namespace (field selector on the type, pages of 500),
 * optionally only those of one ServiceAccount. Throws mapped AppErrors.
 */
export async function listLegacyTokens(
  clients: KubeClients,
  namespace: string,
  serviceAccount?: string,
): Promise<LegacyToken[]> {
  const out: LegacyToken[] = [];
  let token: string | undefined;
  do {
    const page = await kubeCall(clients.server, () =>
      clients.core.listNamespacedSecret({
        namespace,
        fieldSelector: `type=${LEGACY_TOKEN_TYPE}`,
        limit: 500,
        _continue: token,
      }),
    );
    for (const s of page.items) {
      const legacy = toLegacyToken(s);
      if (serviceAccount === undefined || legacy.serviceAccount === serviceAccount) out.push(legacy);
    }
    token = page.metadata?._continue || undefined;
  } while (token);
  return out;
}

/** Counts legacy token Secrets per ServiceAccount name in a namespace. Throws mapped AppErrors. */
export async function countLegacyTokens(
  clients: KubeClients,
  namespace: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of await listLegacyTokens(clients, namespace)) {
    counts.set(t.serviceAccount, (counts.get(t.serviceAccount) ?? 0) + 1);
  }
  return counts;
}
