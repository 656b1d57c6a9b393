import 'server-only';
import { BOUND_OBJECT_API_VERSION, type BoundObjectRef } from '@/lib/k8s/object-refs';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';
import { parseWarnings } from './warnings';

export interface TokenRequestInput {
  namespace: string;
  serviceAccount: string;
  expirationSeconds?: number;
  audiences?: string[];
  boundObjectRef?: BoundObjectRef;
}

/** What the API server answered to a TokenRequest. `token` is a secret: keep it in the vault. */
export interface IssuedToken {
  token: string;
  expirationTimestamp: Date;
  /** spec.expirationSeconds as granted (after the server's clamp). */
  grantedExpirationSeconds: number | undefined;
  audiences: string[];
  warnings: string[];
}

/**
 * Calls the TokenRequest API (`POST …/serviceaccounts/{name}/token`) as the given clients' identity.
 * The API server decides whether that identity may mint for this ServiceAccount. Throws mapped
 * AppErrors (`invalid:kube` for 422, `forbidden:kube`, `not-found:kube`, …).
 */
export async function requestToken(clients: KubeClients, input: TokenRequestInput): Promise<IssuedToken> {
  const res = await kubeCall(clients.server, () =>
    clients.core.createNamespacedServiceAccountTokenWithHttpInfo({
      name: input.serviceAccount,
      namespace: input.namespace,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: {
          audiences: input.audiences ?? [],
          expirationSeconds: input.expirationSeconds,
          boundObjectRef: input.boundObjectRef
            ? { apiVersion: BOUND_OBJECT_API_VERSION, ...input.boundObjectRef }
            : undefined,
        },
      },
    }),
  );
  const status = res.data.status;
  if (!status?.token) throw new Error('TokenRequest answered without a token');
  return {
    token: status.token,
    expirationTimestamp: new Date(status.expirationTimestamp),
    grantedExpirationSeconds: res.data.spec.expirationSeconds,
    audiences: res.data.spec.audiences ?? [],
    warnings: parseWarnings(res.headers.warning),
  };
}
