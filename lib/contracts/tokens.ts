import { z } from 'zod';
import {
  MAX_EXPIRATION_SECONDS,
  MIN_EXPIRATION_SECONDS,
  TOO_LONG_MESSAGE,
  TOO_SHORT_MESSAGE,
} from '@/lib/k8s/token-lifetime';
import type { KubernetesClaim, TokenClaims, TokenHeader } from '@/lib/k8s/claims';
import { BOUND_KINDS, type BoundObjectRef, type ClaimObjectRef } from '@/lib/k8s/object-refs';
import { userInfoSchema } from './identity';
import {
  patternMessage,
  type StringRule,
  type TryRequest,
  tooLong,
  tooShort,
  tryRequestRules,
  tryVerbs,
} from './try-request';
import { namespaceSchema, objectNameSchema } from './scenarios';


export const tokenIdSchema = z.string().regex(/^tok_[A-Za-z0-9_-]{16,64}$/, 'not a token id');
export const tokenParamsSchema = z.object({ id: tokenIdSchema });

/** JWT header and claims, typed in lib/k8s/claims.ts; loose, so unknown keys pass through. */
export const tokenHeaderSchema = z.looseObject({ alg: z.string(), kid: z.string().optional() }) satisfies z.ZodType<TokenHeader>;
const claimObjectRefSchema = z.looseObject({
  name: z.string().optional(),
  uid: z.string().optional(),
}) satisfies z.ZodType<ClaimObjectRef>;
const kubernetesClaimSchema = z.looseObject({
  namespace: z.string().optional(),
  serviceaccount: claimObjectRefSchema.optional(),
  pod: claimObjectRefSchema.optional(),
  secret: claimObjectRefSchema.optional(),
  node: claimObjectRefSchema.optional(),
  warnafter: z.number().optional(),
}) satisfies z.ZodType<KubernetesClaim>;
export const tokenClaimsSchema = z.looseObject({
  iss: z.string().optional(),
  sub: z.string().optional(),
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
}) satisfies z.ZodType<TokenClaims>;

export const boundObjectRefSchema = z.object({
  kind: z.enum(BOUND_KINDS),
  name: objectNameSchema,
  uid: z.string().max(64).regex(/^[a-f0-9-]*$/, 'must be a Kubernetes UID').optional(),
}) satisfies z.ZodType<BoundObjectRef>;
export type BoundObjectRefInput = z.infer<typeof boundObjectRefSchema>;

/**
 * `POST /api/tokens`. expirationSeconds is held to the API server's own bounds (600..2^32) before any
 * call, in the API server's words; anything else the API server refuses is shown as it says it.
 */
export const mintRequestSchema = z.object({
  namespace: namespaceSchema,
  serviceAccount: objectNameSchema,
  expirationSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(MIN_EXPIRATION_SECONDS, `${TOO_SHORT_MESSAGE} (${MIN_EXPIRATION_SECONDS} s, the API server’s minimum)`)
    .max(MAX_EXPIRATION_SECONDS, TOO_LONG_MESSAGE)
    .optional(),
  audiences: z.array(z.string().min(1).max(253)).max(10).optional(),
  boundObjectRef: boundObjectRefSchema.optional(),
  /** Mint as this held token (the API server decides); omitted = the dashboard identity. */
  actAs: tokenIdSchema.optional(),
});
export type MintRequest = z.infer<typeof mintRequestSchema>;

/** The longest token an import accepts (characters; a JWT is ASCII). */
export const MAX_IMPORT_TOKEN_CHARS = 8 * 1024;

/** `POST /api/tokens/import`: hold a token you already have (for example one read from a pod). */
export const importRequestSchema = z.object({
  // A real ServiceAccount JWT is 1-2 KB (the biggest, pod-bound with node claims, under 3 KB).
  token: z.string().min(20).max(MAX_IMPORT_TOKEN_CHARS),
  label: z.string().max(100).optional(),
});
export type ImportRequest = z.infer<typeof importRequestSchema>;

export const tokenStatusSchema = z.enum(['valid', 'expired', 'rejected', 'revoked', 'forgotten']);
export type TokenStatus = z.infer<typeof tokenStatusSchema>;

/** The last time the server used the token against the API server by itself (probe). */
export const probeSchema = z.object({
  at: z.string(),
  status: z.number().int(),
  reason: z.string(),
  message: z.string(),
});
export type Probe = z.infer<typeof probeSchema>;

/** What the browser knows about a held token: never the token itself. */
export const mintedTokenSchema = z.object({
  id: tokenIdSchema,
  origin: z.enum(['minted', 'imported']),
  label: z.string().optional(),
  namespace: z.string(),
  serviceAccount: z.string(),
  header: tokenHeaderSchema,
  claims: tokenClaimsSchema,
  jti: z.string().optional(),
  audiences: z.array(z.string()),
  boundObject: (z.object({ kind: z.enum(BOUND_KINDS), name: z.string(), uid: z.string().optional() }) satisfies z.ZodType<BoundObjectRef>).nullable(),
  /** ISO times. issuedAt is the JWT iat; expirationTimestamp the TokenRequest status (or JWT exp). */
  issuedAt: z.string(),
  expirationTimestamp: z.string(),
  /** The JWT exp, which differs from expirationTimestamp for extended (3607 s) pod-bound tokens. */
  jwtExpiresAt: z.string(),
  warnAfter: z.string().optional(),
  requestedExpirationSeconds: z.number().int().optional(),
  grantedExpirationSeconds: z.number().int(),
  warnings: z.array(z.string()),
  mintedBy: z.object({ kind: z.enum(['dashboard', 'user', 'token', 'import']), tokenId: tokenIdSchema.optional(), subject: z.string() }),
  status: tokenStatusSchema,
  /** Whether the raw token is still held (it is dropped a little after exp + leeway). */
  held: z.boolean(),
  lastProbe: probeSchema.optional(),
});
export type MintedToken = z.infer<typeof mintedTokenSchema>;

export const tokenListSchema = z.object({
  tokens: z.array(mintedTokenSchema),
  presenterSafe: z.boolean(),
  readOnly: z.boolean(),
  serverTime: z.string(),
});
export type TokenList = z.infer<typeof tokenListSchema>;

export const revealSchema = z.object({ token: z.string() });
export type Reveal = z.infer<typeof revealSchema>;

export { type TryRequest, tryVerbs } from './try-request';

/** A zod string built on a zod-free rule, with the same words checkTryRequest uses. */
function ruled(rule: StringRule) {
  const base = rule.min === undefined ? z.string() : z.string().min(rule.min, tooShort(rule.min));
  return base.max(rule.max, tooLong(rule.max)).regex(rule.pattern, patternMessage(rule));
}

/** `POST /api/tokens/{id}/requests` body; the rules are tryRequestRules (try-request.ts). */
export const tryRequestSchema = z.object({
  verb: z.enum(tryVerbs),
  group: ruled(tryRequestRules.group).default(''),
  version: ruled(tryRequestRules.version).optional(),
  resource: ruled(tryRequestRules.resource),
  namespace: ruled(tryRequestRules.namespace).optional(),
  name: ruled(tryRequestRules.name).optional(),
}) satisfies z.ZodType<TryRequest>;

/** `POST /api/tokens/{id}/requests`: the real answer of the API server to the token. Always 200. */
export const tryResultSchema = z.object({
  status: z.number().int(),
  reason: z.string(),
  message: z.string(),
  itemCount: z.number().int().optional(),
  items: z.array(z.string()).optional(),
  durationMs: z.number(),
  kubectl: z.string(),
  curl: z.string(),
});
export type TryResult = z.infer<typeof tryResultSchema>;

/** `POST /api/tokens/{id}/whoami` (SelfSubjectReview made with the token). */
export const whoamiResultSchema = z.object({
  status: z.number().int(),
  message: z.string(),
  user: userInfoSchema.optional(),
  durationMs: z.number(),
});
export type WhoamiResult = z.infer<typeof whoamiResultSchema>;

/** `POST /api/tokens/{id}/review` (TokenReview made by the dashboard about the token). */
export const reviewResultSchema = z.object({
  authenticated: z.boolean(),
  user: userInfoSchema.optional(),
  audiences: z.array(z.string()).optional(),
  error: z.string().optional(),
  durationMs: z.number(),
});
export type ReviewResult = z.infer<typeof reviewResultSchema>;
