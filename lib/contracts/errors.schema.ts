import { z } from 'zod';
import { errorCodes, type Problem } from './errors';

/** Problem JSON (RFC 9457) as Tokenscope's routes send it (for /api/openapi.json). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(errorCodes),
  detail: z.string(),
  hints: z.array(z.string()).optional(),
}) satisfies z.ZodType<Problem>;
