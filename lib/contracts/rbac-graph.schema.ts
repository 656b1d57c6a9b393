import { z } from 'zod';
import { namespaceSchema, objectNameSchema } from './scenarios';

// Users, groups and role names are not DNS names ("system:masters", "oidc:alice@example.com").
/** The graph and diff query: a kind and the namespace and name it needs. */
const freeName = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(512)
  .regex(/^[^\s/]+$/, 'No spaces or slashes.');

export const graphQuerySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ServiceAccount'), namespace: namespaceSchema, name: objectNameSchema }),
  z.object({ kind: z.literal('User'), name: freeName }),
  z.object({ kind: z.literal('Group'), name: freeName }),
  z.object({ kind: z.literal('ClusterRole'), name: freeName }),
  z.object({ kind: z.literal('Role'), namespace: namespaceSchema, name: freeName }),
  z.object({ kind: z.literal('Namespace'), namespace: namespaceSchema }),
]);
export type GraphQuery = z.infer<typeof graphQuerySchema>;
