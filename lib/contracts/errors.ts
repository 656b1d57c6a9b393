import { z } from 'zod';
import { errorCodes, type Problem } from './errors-core';

// Browser code imports errors-core.ts (zod-free); server code may import either.
export * from './errors-core';

/** Problem JSON (RFC 9457) as Tokenscope's routes send it. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(errorCodes),
  detail: z.string(),
  hints: z.array(z.string()).optional(),
}) satisfies z.ZodType<Problem>;
