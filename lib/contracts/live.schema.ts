import { z } from 'zod';
import { liveKinds } from './live';

export const eventsQuerySchema = z.object({
  /** The last change id the page has seen (rendered with it, or received): later ones are replayed. */
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Comma-separated kinds to follow; every kind when absent. */
  kinds: z
    .string()
    .max(200)
    .optional()
    .transform((s) => (s === undefined ? [...liveKinds] : s.split(',').filter(Boolean)))
    .pipe(z.array(z.enum(liveKinds)).min(1).max(liveKinds.length))
    .meta({ description: `Comma-separated kinds to follow (${liveKinds.join(', ')}); every kind when absent.` }),
});
