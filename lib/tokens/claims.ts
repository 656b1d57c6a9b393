import { decodeJwt, decodeProtectedHeader } from 'jose';
import { z } from 'zod';

export { type ClaimExplanation, explainClaims } from './claim-meanings';

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
  readonly reason: 'malformed' | 'header' | 'claims' | 'times';

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
  // jose decodes only the header and payload, so a stray character in the signature would pass and
  // later break the Authorization header the token is sent in (undici refuses non-Latin-1 values).
  if (!JWS_COMPACT.test(compact)) {
    throw new TokenDecodeError('malformed', 'Not a JWT: expected three base64url JSON segments.');
  }
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

/** RFC 7515 compact serialization: three base64url segments (no padding); the signature may be empty. */
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Latest NumericDate shown as a time: 9999-12-31T23:59:59Z keeps ISO strings at four-digit years. */
export const MAX_NUMERIC_DATE = 253_402_300_799;

/**
 * Why a time claim (`exp`, `iat`, `nbf`, `kubernetes.io.warnafter`) is not a usable instant, in plain
 * words, or null when all present ones are. JSON allows any number, but a JWT time is whole or
 * fractional seconds since 1970 (RFC 7519 §2 NumericDate); beyond JavaScript's Date range,
 * `toISOString()` throws "Invalid time value".
 */
export function timeClaimProblem(claims: TokenClaims): string | null {
  const times: [string, number | undefined][] = [
    ['exp', claims.exp],
    ['iat', claims.iat],
    ['nbf', claims.nbf],
    ['kubernetes.io.warnafter', claims['kubernetes.io']?.warnafter],
  ];
  for (const [key, value] of times) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0 || value > MAX_NUMERIC_DATE) {
      return `The token's "${key}" claim (${value}) is not a time: JWT times are seconds since 1970, up to the year 9999.`;
    }
  }
  return null;
}

const tokenKindOf = (c: TokenClaims): TokenKind =>
  c['kubernetes.io'] ? 'bound' : c.iss === LEGACY_ISSUER ? 'legacy' : 'other';

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
