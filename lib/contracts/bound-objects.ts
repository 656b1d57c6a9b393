import { z } from 'zod';
import { namespaceSchema } from './scenarios';
import { boundObjectRefSchema } from './tokens';

/** The kinds a TokenRequest may bind a token to. */
export const boundKindSchema = boundObjectRefSchema.shape.kind;
export type { BoundKind } from '@/lib/k8s/object-refs';

/** Most candidates one list returns: the picker filters these; more means "type the name". */
export const BOUND_OBJECT_LIMIT = 200;

export const boundObjectsParamsSchema = z.object({ ns: namespaceSchema });

/** `GET /api/namespaces/{ns}/bound-objects?kind=`: Pods and Secrets of {ns}; Nodes cluster-wide. */
export const boundObjectsQuerySchema = z.object({ kind: boundKindSchema });
export type BoundObjectsQuery = z.infer<typeof boundObjectsQuerySchema>;

/** An object a token may be bound to: its identity only (a Secret's data never leaves the server). */
export const boundObjectCandidateSchema = z.object({
  kind: boundKindSchema,
  name: z.string(),
  uid: z.string(),
  /** Absent for Nodes, which are cluster-scoped. */
  namespace: z.string().optional(),
  createdAt: z.string().optional(),
  /** Pods only: the API server refuses to bind a token to a pod running as another ServiceAccount. */
  serviceAccount: z.string().optional(),
});
export type BoundObjectCandidate = z.infer<typeof boundObjectCandidateSchema>;

export const boundObjectListSchema = z.object({
  items: z.array(boundObjectCandidateSchema),
  /** More objects exist than BOUND_OBJECT_LIMIT. */
  truncated: z.boolean(),
});
export type BoundObjectList = z.infer<typeof boundObjectListSchema>;
