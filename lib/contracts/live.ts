import { z } from 'zod';
import { liveKinds } from './live-kinds';

export { type LiveKind, liveKinds } from './live-kinds';

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

/** One change, named but never carrying the object (no secret data can ride along). */
export const changeEventSchema = z.object({
  kind: z.enum(liveKinds),
  type: z.enum(['ADDED', 'MODIFIED', 'DELETED']),
  namespace: z.string().optional(),
  name: z.string(),
  resourceVersion: z.string(),
  /** The server's change counter, for replay after a reconnect (`after`). */
  id: z.number().int().optional(),
});
export type ChangeEvent = z.infer<typeof changeEventSchema>;

/** Whether the API server is reachable, as the server sees it. */
export const clusterStatusSchema = z.object({
  state: z.enum(['up', 'down']),
  since: z.string(),
  detail: z.string().optional(),
});
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;
