import type { TokenClaims } from '@/lib/k8s/claims';
import type { ClaimObjectRef } from '@/lib/k8s/object-refs';
import { SERVICE_ACCOUNT_USERNAME_PREFIX } from '@/lib/k8s/serviceaccount-identity';

// What each claim means, in plain words, for the claims panel (server and browser alike).

/** One row of the claim explainer. */
export interface ClaimExplanation {
  key: string;
  value: string;
  meaning: string;
  kind: 'standard' | 'kubernetes';
}

const standardMeanings = {
  iss: 'Who issued the token: the API server only trusts issuers listed in its --service-account-issuer flags.',
  sub: `Who the token proves you are: the ServiceAccount username ${SERVICE_ACCOUNT_USERNAME_PREFIX}<namespace>:<name> that RBAC rules refer to.`,
  aud: 'Who the token is meant for: the API server only accepts tokens whose audience includes one of its --api-audiences.',
  exp: 'When the token expires: the API server rejects it from about 60 seconds after this time.',
  iat: 'When the API server issued (signed) the token.',
  nbf: 'The token must not be used before this time (Kubernetes sets it to the issue time).',
  jti: 'A unique ID for this one token, recorded in audit logs so a request can be traced back to the token that made it.',
} as const;

const kubeMeanings = {
  namespace: 'Namespace of the ServiceAccount the token belongs to.',
  serviceaccount:
    'The ServiceAccount and its UID: if it is deleted (or recreated under the same name) the token stops working.',
  podNode: 'The node the bound Pod runs on, included for information only.',
  warnafter:
    'After this time the token still works but the API server records it as stale in its audit log, because the kubelet should have replaced it already.',
} as const;

const legacyMeanings: Record<string, string> = {
  'kubernetes.io/serviceaccount/namespace':
    'Namespace of the ServiceAccount this old-style Secret token belongs to.',
  'kubernetes.io/serviceaccount/secret.name':
    'The Secret that stores this token: deleting that Secret revokes it, and it has no expiry of its own.',
  'kubernetes.io/serviceaccount/service-account.name':
    'Name of the ServiceAccount this token authenticates as.',
  'kubernetes.io/serviceaccount/service-account.uid':
    'UID of that ServiceAccount: if it is deleted and recreated with the same name, this token stops working.',
};

function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

const boundMeaning = (kind: string) =>
  `The ${kind} this token is bound to: once that exact ${kind} is deleted, the API server rejects the token.`;

function refText(ref: ClaimObjectRef): string {
  const name = ref.name ?? '(no name)';
  return ref.uid ? `${name} (uid ${ref.uid})` : name;
}

/** Lists the claims present in `claims` in a fixed teaching order, each with a plain-English meaning. */
export function explainClaims(claims: TokenClaims): ClaimExplanation[] {
  const rows: ClaimExplanation[] = [];
  const standard = (key: keyof typeof standardMeanings, value: string) =>
    rows.push({ key, value, meaning: standardMeanings[key], kind: 'standard' });
  const kube = (key: string, value: string, meaning: string) =>
    rows.push({ key, value, meaning, kind: 'kubernetes' });

  if (claims.iss !== undefined) standard('iss', claims.iss);
  if (claims.sub !== undefined) standard('sub', claims.sub);
  if (claims.aud !== undefined) standard('aud', [claims.aud].flat().join(', '));
  if (claims.exp !== undefined) standard('exp', isoTime(claims.exp));
  if (claims.iat !== undefined) standard('iat', isoTime(claims.iat));
  if (claims.nbf !== undefined) standard('nbf', isoTime(claims.nbf));
  if (claims.jti !== undefined) standard('jti', claims.jti);

  const k = claims['kubernetes.io'];
  if (k?.namespace !== undefined) kube('kubernetes.io.namespace', k.namespace, kubeMeanings.namespace);
  if (k?.serviceaccount) {
    kube('kubernetes.io.serviceaccount', refText(k.serviceaccount), kubeMeanings.serviceaccount);
  }
  if (k?.pod) kube('kubernetes.io.pod', refText(k.pod), boundMeaning('Pod'));
  if (k?.secret) kube('kubernetes.io.secret', refText(k.secret), boundMeaning('Secret'));
  // Pod-bound tokens also name the Pod's node for information (ServiceAccountTokenPodNodeInfo);
  // only a token bound to the Node alone is revoked by deleting it (claims.go, Validate).
  if (k?.node)
    kube('kubernetes.io.node', refText(k.node), k.pod ? kubeMeanings.podNode : boundMeaning('Node'));
  if (k?.warnafter !== undefined)
    kube('kubernetes.io.warnafter', isoTime(k.warnafter), kubeMeanings.warnafter);
  for (const [key, meaning] of Object.entries(legacyMeanings)) {
    const value = claims[key];
    if (typeof value === 'string') kube(key, value, meaning);
  }
  return rows;
}
