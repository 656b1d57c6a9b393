import { z } from 'zod';
import { VERIFIER_PROFILE_IDS, type VerifyRequest, type VerifyResult } from './verifier';

/** An https issuer URL as a verifier is configured with it: no credentials, query or fragment. */
const issuerUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && !u.username && !u.password && !u.search && !u.hash;
    } catch {
      return false;
    }
  }, 'an https URL without credentials, query or fragment (the issuer as the token’s iss names it)');

export const verifyRequestSchema = z
  .object({
    profile: z.enum(VERIFIER_PROFILE_IDS),
    audience: z.string().trim().min(1).max(512).optional(),
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('cluster') }),
      z.object({ kind: z.literal('url'), issuer: issuerUrlSchema }),
    ]),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((r) => r.profile !== 'custom' || r.audience, {
    message: 'a custom verifier needs an audience',
    path: ['audience'],
  })
  .refine((r) => r.profile !== 'kubernetes' || !r.audience, {
    message: 'the Kubernetes API server profile uses the API server’s own audiences; pick Custom for another',
    path: ['audience'],
  }) satisfies z.ZodType<VerifyRequest>;

const fetchedSchema = z.object({
  url: z.string(),
  named: z.string().optional(),
  via: z.enum(['api-server', 'https']),
  status: z.number().int().optional(),
  durationMs: z.number(),
  note: z.string().optional(),
});

export const verifyResultSchema = z.object({
  profile: z.object({ id: z.enum(VERIFIER_PROFILE_IDS), name: z.string(), audiences: z.array(z.string()) }),
  source: z.enum(['cluster', 'url']),
  issuer: z.string().optional(),
  discovery: fetchedSchema.optional(),
  jwks: fetchedSchema.optional(),
  keys: z.array(
    z.object({ kid: z.string().optional(), kty: z.string().optional(), alg: z.string().optional() }),
  ),
  checks: z.array(
    z.object({
      id: z.enum(['discovery', 'jwks', 'signature', 'iss', 'aud', 'exp', 'nbf', 'iat']),
      title: z.string(),
      ok: z.boolean(),
      reason: z.string(),
    }),
  ),
  passed: z.boolean(),
  at: z.string(),
  leewaySeconds: z.number(),
}) satisfies z.ZodType<VerifyResult>;
