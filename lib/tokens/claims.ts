import { decodeJwt, decodeProtectedHeader } from 'jose';
import { z } from 'zod';

// Shapes follow k8s.io/kubernetes v1.36.3 pkg/serviceaccount/claims.go (bound tokens) and
// pkg/serviceaccount/legacy.go (Secret-based tokens). Every field is optional and unknown keys are
// kept, because the UI also shows tokens from other issuers and older or newer clusters.

/** Issuer that legacy Secret-based tokens carry (`LegacyIssuer` in pkg/serviceaccount/legacy.go). */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';

/** Prefix of a ServiceAccount username (`ServiceAccountUsernamePrefix` in k8s.io/apiserver). */
export const SERVICE_ACCOUNT_SUBJECT_PREFIX = 'system:serviceaccount:';

/** JOSE header: the API server signs with RS256 or ES256 and sets `kid` to a hash of the public key. */
export const tokenHeaderSchema = z.looseObject({ alg: z.string(), kid: z.string().optional() });
/** A decoded JOSE header. */
export type TokenHeader = z.infer<typeof tokenHeaderSchema>;

/** A `{name, uid}` reference; both are `omitempty` upstream, and a Node ref may lack its uid. */
export const objectRefSchema = z.looseObject({ name: z.string().optional(), uid: z.string().optional() });
/** A decoded `{name, uid}` reference. */
export type ObjectRef = z.infer<typeof objectRefSchema>;

/** The private `kubernetes.io` claim of a TokenRequest-issued (bound) token. */
export const kubernetesClaimSchema = z.looseObject({
  namespace: z.string().optional(),
  serviceaccount: objectRefSchema.optional(),
  pod: objectRefSchema.optional(),
  secret: objectRefSchema.optional(),
  node: objectRefSchema.optional(),
  warnafter: z.number().optional(),
});
/** The decoded `kubernetes.io` claim. */
export type KubernetesClaim = z.infer<typeof kubernetesClaimSchema>;

/** Registered JWT claims plus both Kubernetes private-claim layouts; extra claims pass through. */
export const tokenClaimsSchema = z.looseObject({
  iss: z.string().optional(),
  sub: z.string().optional(),
  // RFC 7519 §4.1.3 allows a single string; Kubernetes always writes an array.
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  exp: z.number().optional(),
  iat: z.number().optional(),
  nbf: z.number().optional(),
  jti: z.string().optional(),
  'kubernetes.io': kubernetesClaimSchema.optional(),
  'kubernetes.io/serviceaccount/namespace': z.string().optional(),
  'kubernetes.io/serviceaccount/secret.name': z.string().optional(),
  'kubernetes.io/serviceaccount/service-account.name': z.string().optional(),
  'kubernetes.io/serviceaccount/service-account.uid': z.string().optional(),
});
/** Decoded JWT claims, extra keys included. */
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

/** 'bound' = TokenRequest token, 'legacy' = Secret-based token, 'other' = any other JWT. */
export type TokenKind = 'bound' | 'legacy' | 'other';

/** The readable parts of a JWT, with nothing verified. */
export interface DecodedToken {
  header: TokenHeader;
  claims: TokenClaims;
  kind: TokenKind;
}

/** Thrown when a string is not a decodable JWT; its message never contains the token. */
export class TokenDecodeError extends Error {
  readonly reason: 'malformed' | 'header' | 'claims';

  constructor(reason: TokenDecodeError['reason'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenDecodeError';
    this.reason = reason;
  }
}

/**
 * Decodes a JWT's header and claims WITHOUT checking its signature: for display only, never for
 * authorization or any other decision; surrounding whitespace and a `Bearer ` prefix are ignored.
 */
export function decodeToken(jwt: string): DecodedToken {
  const compact = jwt.trim().replace(/^bearer\s+/i, '');
  let rawHeader: unknown;
  let rawClaims: unknown;
  try {
    rawHeader = decodeProtectedHeader(compact);
    rawClaims = decodeJwt(compact);
  } catch (cause) {
    throw new TokenDecodeError('malformed', 'Not a JWT: expected three base64url JSON segments.', { cause });
  }
  const header = tokenHeaderSchema.safeParse(rawHeader);
  if (!header.success) {
    throw new TokenDecodeError('header', 'The JWT header has no usable "alg".', { cause: header.error });
  }
  const claims = tokenClaimsSchema.safeParse(rawClaims);
  if (!claims.success) {
    const where = claims.error.issues.map((i) => i.path.map(String).join('.')).join(', ');
    throw new TokenDecodeError('claims', `The JWT claims have unexpected types (${where}).`, {
      cause: claims.error,
    });
  }
  return { header: header.data, claims: claims.data, kind: tokenKindOf(claims.data) };
}

const tokenKindOf = (c: TokenClaims): TokenKind =>
  c['kubernetes.io'] ? 'bound' : c.iss === LEGACY_ISSUER ? 'legacy' : 'other';

/** One row of the claim explainer. */
export interface ClaimExplanation {
  key: string;
  value: string;
  meaning: string;
  kind: 'standard' | 'kubernetes';
}

const standardMeanings = {
  iss: 'Who issued the token: the API server only trusts issuers listed in its --service-account-issuer flags.',
  sub: 'Who the token proves you are: the ServiceAccount username system:serviceaccount:<namespace>:<name> that RBAC rules refer to.',
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

function refText(ref: ObjectRef): string {
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

/** An object whose deletion revokes the token. */
export interface BoundObject {
  kind: 'Pod' | 'Secret' | 'Node';
  name: string;
  uid?: string;
}

/** The object a token is bound to (revoked when it is deleted), or null for an unbound token. */
export function boundObjectOf(claims: TokenClaims): BoundObject | null {
  const k = claims['kubernetes.io'];
  // Pod first: a pod-bound token may also carry a node ref, which is then informational only.
  const candidates = [
    { kind: 'Pod', ref: k?.pod },
    { kind: 'Secret', ref: k?.secret },
    { kind: 'Node', ref: k?.node },
  ] as const;
  for (const { kind, ref } of candidates) {
    if (ref?.name) return ref.uid ? { kind, name: ref.name, uid: ref.uid } : { kind, name: ref.name };
  }
  // A legacy token lives in a Secret and dies with it (legacy.go, legacyValidator.Validate).
  const legacySecret = claims['kubernetes.io/serviceaccount/secret.name'];
  return legacySecret ? { kind: 'Secret', name: legacySecret } : null;
}

/** Identity of a ServiceAccount. */
export interface ServiceAccountRef {
  namespace: string;
  name: string;
  uid?: string;
}

/** The ServiceAccount a token authenticates as, from the private claims or else from `sub`. */
export function serviceAccountOf(claims: TokenClaims): ServiceAccountRef | null {
  const k = claims['kubernetes.io'];
  const namespace = k?.namespace ?? claims['kubernetes.io/serviceaccount/namespace'];
  const name = k?.serviceaccount?.name ?? claims['kubernetes.io/serviceaccount/service-account.name'];
  const uid = k?.serviceaccount?.uid ?? claims['kubernetes.io/serviceaccount/service-account.uid'];
  if (namespace && name) return uid ? { namespace, name, uid } : { namespace, name };
  // sub is MakeUsername(namespace, name); SplitUsername requires exactly two parts after the prefix.
  if (claims.sub?.startsWith(SERVICE_ACCOUNT_SUBJECT_PREFIX)) {
    const parts = claims.sub.slice(SERVICE_ACCOUNT_SUBJECT_PREFIX.length).split(':');
    const [ns, sa] = parts;
    if (parts.length === 2 && ns && sa) return { namespace: ns, name: sa };
  }
  return null;
}
