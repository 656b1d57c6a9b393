import type { BoundObjectRef, ClaimObjectRef } from './object-refs';
import { parseServiceAccountUsername } from './serviceaccount-identity';

// What a Kubernetes ServiceAccount JWT says, as k8s.io/kubernetes v1.36.3 pkg/serviceaccount/claims.go
// (bound tokens) and pkg/serviceaccount/legacy.go (Secret-based tokens) write it. Every field is
// optional and unknown keys are kept, because the UI also shows tokens from other issuers and older
// or newer clusters. lib/contracts/tokens.ts holds the zod schemas that check these shapes.

/** Issuer that legacy Secret-based tokens carry (`LegacyIssuer` in pkg/serviceaccount/legacy.go). */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';

/** JOSE header: the API server signs with RS256 or ES256 and sets `kid` to a hash of the public key. */
export interface TokenHeader {
  alg: string;
  kid?: string;
  [key: string]: unknown;
}

/** The private `kubernetes.io` claim of a TokenRequest-issued (bound) token. */
export interface KubernetesClaim {
  namespace?: string;
  serviceaccount?: ClaimObjectRef;
  pod?: ClaimObjectRef;
  secret?: ClaimObjectRef;
  node?: ClaimObjectRef;
  warnafter?: number;
  [key: string]: unknown;
}

/**
 * Why a token has no `jti`: the API server adds one to every token it mints since 1.29
 * (ServiceAccountTokenJTI, beta 1.30, GA 1.32); a legacy Secret token never has one.
 */
export const NO_JTI = 'none: a legacy Secret token, or an API server before Kubernetes 1.29, issues no jti';

/** Registered JWT claims plus both Kubernetes private-claim layouts; extra claims pass through. */
export interface TokenClaims {
  iss?: string;
  sub?: string;
  /** RFC 7519 §4.1.3 allows a single string; Kubernetes always writes an array. */
  aud?: string | string[];
  exp?: number;
  iat?: number;
  nbf?: number;
  jti?: string;
  'kubernetes.io'?: KubernetesClaim;
  'kubernetes.io/serviceaccount/namespace'?: string;
  'kubernetes.io/serviceaccount/secret.name'?: string;
  'kubernetes.io/serviceaccount/service-account.name'?: string;
  'kubernetes.io/serviceaccount/service-account.uid'?: string;
  [key: string]: unknown;
}

/** 'bound' = TokenRequest token, 'legacy' = Secret-based token, 'other' = any other JWT. */
export type TokenKind = 'bound' | 'legacy' | 'other';

/** Which kind of token these claims belong to. */
export function tokenKindOf(c: TokenClaims): TokenKind {
  return c['kubernetes.io'] ? 'bound' : c.iss === LEGACY_ISSUER ? 'legacy' : 'other';
}

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

/** The object a token is bound to (revoked when it is deleted), or null for an unbound token. */
export function boundObjectOf(claims: TokenClaims): BoundObjectRef | null {
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
  // sub is MakeUsername(namespace, name).
  return (claims.sub !== undefined && parseServiceAccountUsername(claims.sub)) || null;
}
