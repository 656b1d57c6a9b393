import { z } from 'zod';
import { userInfoSchema } from './identity';

export const signInSchema = z.object({ token: z.string().min(20).max(16 * 1024) });

export const sessionInfoSchema = z.object({
  mode: z.enum(['local', 'shared']),
  user: userInfoSchema.nullable(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
