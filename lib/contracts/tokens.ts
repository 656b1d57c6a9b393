import { z } from 'zod';
import { userInfoSchema } from './identity';
import { namespaceSchema, objectNameSchema } from './scenarios';

/** TokenRequest bounds enforced by the API server: 600 s minimum, 2^32 s maximum. */
export const MIN_TOKEN_SECONDS = 600;
export const MAX_TOKEN_SECONDS = 2 ** 32;

export const tokenIdSchema = z.string().regex(/^tok_[A-Za-z0-9_-]{16,64}$/, 'not a token id');
export const tokenParamsSchema = z.object({ id: tokenIdSchema });

export const boundObjectRefSchema = z.object({
  kind: z.enum(['Pod', 'Secret', 'Node']),
  name: objectNameSchema,
  uid: z.string().max(64).regex(/^[a-f0-9-]*$/, 'must be a Kubernetes UID').optional(),
});
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
    .min(MIN_TOKEN_SECONDS, 'may not specify a duration less than 10 minutes (600 s, the API server’s minimum)')
    .max(MAX_TOKEN_SECONDS, 'may not specify a duration larger than 2^32 seconds')
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
  header: z.record(z.string(), z.unknown()),
  claims: z.record(z.string(), z.unknown()),
  jti: z.string().optional(),
  audiences: z.array(z.string()),
  boundObject: z.object({ kind: z.enum(['Pod', 'Secret', 'Node']), name: z.string(), uid: z.string().optional() }).nullable(),
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

/** Verbs "try it" runs with a held token. Reads only: the demo never changes the cluster through it. */
export const tryVerbs = ['get', 'list'] as const;

export const tryRequestSchema = z.object({
  verb: z.enum(tryVerbs),
  group: z.string().max(253).regex(/^[a-z0-9.-]*$/).default(''),
  version: z.string().max(20).regex(/^v[0-9a-z]+$/).optional(),
  resource: z.string().min(1).max(63).regex(/^[a-z0-9-]+$/, 'must be a plural resource name like pods'),
  namespace: namespaceSchema.optional(),
  name: objectNameSchema.optional(),
});
export type TryRequest = z.infer<typeof tryRequestSchema>;

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
