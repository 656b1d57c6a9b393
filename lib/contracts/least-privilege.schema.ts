import { z } from 'zod';

/** The window of audit events to read, in seconds (1 minute to 30 days), ending now. */
export const windowSecondsSchema = z.coerce
  .number()
  .int()
  .min(60)
  .max(30 * 24 * 3600);

export const leastPrivilegeQuerySchema = z.object({ window: windowSecondsSchema.default(3600) });
export const leastPrivilegeBodySchema = z.object({ window: windowSecondsSchema.default(3600) }).strict();

const usedRequestSchema = z.object({
  verb: z.string(),
  group: z.string(),
  version: z.string(),
  resource: z.string(),
  subresource: z.string(),
  namespace: z.string().nullable(),
  name: z.string().nullable(),
  path: z.string().nullable(),
  count: z.number().int(),
  lastSeen: z.string(),
  codes: z.record(z.string(), z.number().int()),
  denied: z.boolean(),
});

const proposedRuleSchema = z.object({
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
  verbs: z.array(z.string()),
});

export const leastPrivilegeReportSchema = z.object({
  namespace: z.string(),
  serviceAccount: z.string(),
  windowSeconds: z.number().int(),
  from: z.string(),
  to: z.string(),
  audit: z.union([
    z.object({ configured: z.literal(false), reason: z.string() }),
    z.object({
      configured: z.literal(true),
      stats: z.object({
        files: z.array(z.string()),
        bytes: z.number(),
        events: z.number().int(),
        skipped: z.number().int(),
        truncated: z.boolean(),
      }),
    }),
  ]),
  used: z.array(usedRequestSchema),
  denied: z.array(usedRequestSchema),
  granted: z.array(
    z.object({
      namespace: z.string().nullable(),
      apiGroups: z.array(z.string()),
      resources: z.array(z.string()),
      verbs: z.array(z.string()),
      resourceNames: z.array(z.string()),
      nonResourceURLs: z.array(z.string()),
      grantedBy: z.array(z.string()),
      usedBy: z.number().int(),
      viaGroupOnly: z.boolean(),
      unusedParts: z.array(z.string()),
    }),
  ),
  proposal: z.object({
    roles: z.array(
      z.object({
        kind: z.enum(['Role', 'ClusterRole']),
        name: z.string(),
        namespace: z.string().optional(),
        rules: z.array(proposedRuleSchema),
        bindingKind: z.enum(['RoleBinding', 'ClusterRoleBinding']),
      }),
    ),
    yaml: z.string(),
  }),
  copy: z.object({ name: z.string(), exists: z.boolean() }),
});

export const leastPrivilegeReplaySchema = z.object({
  copy: z.object({ namespace: z.string(), name: z.string() }),
  applied: z.array(z.string()),
  tokenUser: z.string(),
  results: z.array(
    z.object({
      request: usedRequestSchema,
      method: z.enum(['request', 'access-review']),
      status: z.number().int(),
      ok: z.boolean(),
      detail: z.string(),
    }),
  ),
  failures: z.number().int(),
  unusedGrants: z.array(z.object({ description: z.string(), gone: z.boolean() })),
});

export const leastPrivilegeRemovedSchema = z.object({ deleted: z.array(z.string()) });
