import { z } from 'zod';
import { userInfoSchema } from './identity';

/**
 * A bearer token goes into an Authorization header, whose value must be visible ASCII: anything else
 * makes fetch/undici throw before the API server is asked (RFC 6750 b64token is narrower still).
 */
export const signInSchema = z.object({
  token: z
    .string()
    .trim()
    .min(20)
    .max(16 * 1024)
    .regex(/^[\x21-\x7e]+$/, 'a bearer token is letters, digits and punctuation only (no spaces or other characters)'),
});

export const sessionInfoSchema = z.object({
  mode: z.enum(['local', 'shared']),
  user: userInfoSchema.nullable(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
