import { z } from 'zod';
import { CLUSTER_SCOPE, DEFAULT_BINDINGS_PAGE, filterParams, MAX_BINDINGS_PAGE } from './rbac-bindings';
import { namespaceSchema } from './scenarios';

const text = z.string().trim().max(253).optional();

/**
 * `GET /api/rbac/bindings` query: the bindings browser's filters under the same keys as its page's
 * URL (lib/rbac/bindings.ts `filterParams`), and keyset paging with limit/continue.
 */
export const bindingsQuerySchema = z.object({
  [filterParams.ns]: z.union([namespaceSchema, z.literal(CLUSTER_SCOPE), z.literal('')]).optional(),
  [filterParams.subjectKind]: z.enum(['', 'User', 'Group', 'ServiceAccount']).optional(),
  [filterParams.subject]: text,
  [filterParams.role]: text,
  [filterParams.verb]: text,
  [filterParams.resource]: text,
  [filterParams.danglingOnly]: z.enum(['', '0', '1']).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_BINDINGS_PAGE).default(DEFAULT_BINDINGS_PAGE),
  continue: z.string().max(2048).optional(),
});
export type BindingsQuery = z.infer<typeof bindingsQuerySchema>;

const bindingRowSchema = z.object({
  kind: z.enum(['RoleBinding', 'ClusterRoleBinding']),
  ns: z.string(),
  name: z.string(),
  roleKind: z.enum(['Role', 'ClusterRole']),
  roleName: z.string(),
  role: z.string().optional(),
  subjects: z.array(z.string()),
  dangling: z.array(z.string()).optional(),
});

export const bindingsPageSchema = z.object({
  items: z.array(bindingRowSchema),
  matched: z.number().int(),
  danglingMatched: z.number().int(),
  total: z.number().int(),
  danglingTotal: z.number().int(),
  roleCount: z.number().int(),
  clusterRoleCount: z.number().int(),
  subjectsUnchecked: z.string().optional(),
  continue: z.string().optional(),
});
