import 'server-only';
import type { V1Secret } from '@kubernetes/client-node';
import { AppError } from '@/lib/contracts/errors';
import type { LegacyToken } from '@/lib/contracts/serviceaccounts';
import { env } from '@/lib/server/env';
import { replacementCommand } from '@/lib/tokens/legacy-inventory';
import type { KubeClients } from './clients';
import { eachPage } from './paging';

export const LEGACY_TOKEN_TYPE = 'kubernetes.io/service-account-token';
/** The annotation naming the ServiceAccount a legacy token Secret belongs to. */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
/** Written by the API server (LegacyServiceAccountTokenTracking) the day a legacy token is used. */
export const LAST_USED_LABEL = 'kubernetes.io/legacy-token-last-used';
/** Written by the legacy token cleaner when it invalidates an unused token. */
export const INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';

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

/** What could be read of a namespace's legacy token Secrets; `unreadable` says why nothing was. */
export interface LegacyTokenRead {
  tokens: LegacyToken[];
  unreadable?: string;
}

/**
 * Whether the dashboard identity may read Secrets of a namespace (TOKENSCOPE_SECRET_NAMESPACES).
 * RBAC cannot grant Secret metadata alone: a list returns every Secret's data whatever the Accept
 * header or field selector, so a deployment grants it per namespace, or not at all.
 */
export function dashboardReadsSecretsIn(namespace: string): boolean {
  const allowed = env().secretNamespaces;
  return allowed === 'all' || allowed.includes(namespace);
}

/** Plain words for why a namespace's legacy tokens are not shown (never an error: the rest of the page stands). */
function unreadableReason(clients: KubeClients, namespace: string, err?: AppError): string {
  if (!err) {
    return `Not read: Tokenscope reads Secrets as its own identity only in the namespaces listed in TOKENSCOPE_SECRET_NAMESPACES, and ${namespace} is not one of them.`;
  }
  const who = clients.identity === 'token' ? 'the identity you signed in with' : "Tokenscope's own identity";
  return `Not shown: listing Secrets in namespace ${namespace} is forbidden for ${who} (the API server answered ${err.status}). A list of Secrets carries their contents, so this right is often withheld.`;
}

/**
 * Lists the legacy token Secrets of a namespace (field selector on the type, pages of 500),
 * optionally only those of one ServiceAccount. A missing right (403, or a namespace the dashboard
 * identity is not configured to read) is reported in `unreadable`, not thrown; other failures
 * throw mapped AppErrors.
 */
export async function readLegacyTokens(
  clients: KubeClients,
  namespace: string,
  serviceAccount?: string,
): Promise<LegacyTokenRead> {
  if (clients.identity !== 'token' && !dashboardReadsSecretsIn(namespace)) {
    return { tokens: [], unreadable: unreadableReason(clients, namespace) };
  }
  const tokens: LegacyToken[] = [];
  try {
    await eachPage(
      clients.server,
      (token) =>
        clients.core.listNamespacedSecret({
          namespace,
          fieldSelector: `type=${LEGACY_TOKEN_TYPE}`,
          limit: 500,
          _continue: token,
        }),
      (secrets) => {
        for (const s of secrets) {
          const legacy = toLegacyToken(s);
          if (serviceAccount === undefined || legacy.serviceAccount === serviceAccount) tokens.push(legacy);
        }
      },
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'forbidden:kube') {
      return { tokens: [], unreadable: unreadableReason(clients, namespace, err) };
    }
    throw err;
  }
  return { tokens };
}

/** Counts legacy token Secrets per ServiceAccount name in a namespace; as readLegacyTokens for failures. */
export async function countLegacyTokens(
  clients: KubeClients,
  namespace: string,
): Promise<{ counts: Map<string, number>; unreadable?: string }> {
  const counts = new Map<string, number>();
  const read = await readLegacyTokens(clients, namespace);
  for (const t of read.tokens) {
    counts.set(t.serviceAccount, (counts.get(t.serviceAccount) ?? 0) + 1);
  }
  return read.unreadable ? { counts, unreadable: read.unreadable } : { counts };
}
