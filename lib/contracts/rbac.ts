import { z } from 'zod';
import { namespaceSchema } from './scenarios';

/**
 * The RBAC vocabulary shared by the API and the pages. The shapes mirror lib/rbac's plain types
 * (which do no I/O and know nothing of zod), so engine results are sent as they are.
 */

export const subjectSchema = z.object({
  kind: z.enum(['User', 'Group', 'ServiceAccount']),
  name: z.string(),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
});
export type SubjectDto = z.infer<typeof subjectSchema>;

export const bindingRefSchema = z.object({
  kind: z.enum(['RoleBinding', 'ClusterRoleBinding']),
  name: z.string(),
  namespace: z.string().optional(),
});
export type BindingRefDto = z.infer<typeof bindingRefSchema>;

export const roleRefSchema = z.object({ kind: z.enum(['Role', 'ClusterRole']), name: z.string() });
export type RoleRefDto = z.infer<typeof roleRefSchema>;

export const policyRuleSchema = z.object({
  verbs: z.array(z.string()),
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
});
export type PolicyRuleDto = z.infer<typeof policyRuleSchema>;

/** Where a permission comes from: binding, the role it references, and the subject that matched. */
export const grantSourceSchema = z.object({
  binding: bindingRefSchema,
  role: roleRefSchema,
  subject: subjectSchema,
});
export type GrantSourceDto = z.infer<typeof grantSourceSchema>;

export const grantSchema = grantSourceSchema.extend({ rule: policyRuleSchema });
export type GrantDto = z.infer<typeof grantSchema>;

/** One rule of `GET …/permissions`; namespace null means cluster-wide (a ClusterRoleBinding). */
export const effectiveRuleSchema = z.object({
  namespace: z.string().nullable(),
  apiGroups: z.array(z.string()),
  resources: z.array(z.string()),
  verbs: z.array(z.string()),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
  grantedBy: z.array(grantSourceSchema),
});
export type EffectiveRuleDto = z.infer<typeof effectiveRuleSchema>;

/** `GET /api/namespaces/{ns}/serviceaccounts/{name}/permissions`, the shape DESIGN.md gives. */
export const permissionsSchema = z.object({ rules: z.array(effectiveRuleSchema) });
export type Permissions = z.infer<typeof permissionsSchema>;

/** A binding that reaches a ServiceAccount, with its role's rules; `via` says how it matched. */
export const reachingBindingSchema = z.object({
  binding: bindingRefSchema,
  role: roleRefSchema,
  roleFound: z.boolean(),
  namespace: z.string().nullable(),
  subject: subjectSchema,
  via: z.enum(['serviceaccount', 'group', 'user']),
  rules: z.array(policyRuleSchema),
  aggregated: z.boolean(),
});
export type ReachingBinding = z.infer<typeof reachingBindingSchema>;

/** What a held permission lets a subject do beyond its own rules (lib/rbac/privileges.ts checks each). */
export const PRIVILEGE_WARNING_CODES = [
  'mint-tokens',
  'impersonate',
  'escalate-or-bind',
  'read-secrets',
  'create-workloads',
  'exec-pods',
  'nodes-proxy',
  'approve-csr',
  'mutate-webhooks',
  'wildcard',
  'wildcard-partial',
] as const;

export const privilegeWarningSchema = z.object({
  code: z.enum(PRIVILEGE_WARNING_CODES),
  severity: z.enum(['high', 'medium']),
  title: z.string(),
  detail: z.string(),
  namespace: z.string().nullable(),
  grantedBy: z.array(grantSourceSchema),
});
export type PrivilegeWarningDto = z.infer<typeof privilegeWarningSchema>;

const verbSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z*]+$/i, 'must be a verb such as get, list or create');
const groupSchema = z
  .string()
  .max(253)
  .regex(/^[a-z0-9.*-]*$/, 'must be an API group ("" is core)');
const resourceSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.*-]+$/, 'must be a plural resource name');
const subresourceSchema = z
  .string()
  .max(63)
  .regex(/^[a-z0-9-]*$/, 'must be a subresource such as token or log');
// RBAC object names may contain ':' (system:basic-user), so object names are not held to DNS-1123 here.
const requestNameSchema = z
  .string()
  .max(253)
  .regex(/^[^/\s]*$/, 'must be an object name');

/** A request to authorize: a resource request, or a non-resource URL when `path` is given. */
export const accessRequestSchema = z
  .object({
    verb: verbSchema,
    group: groupSchema.default(''),
    resource: resourceSchema.optional(),
    subresource: subresourceSchema.optional(),
    namespace: z.union([namespaceSchema, z.literal('')]).optional(),
    name: requestNameSchema.optional(),
    path: z.string().max(1024).regex(/^\//, 'must start with /').optional(),
  })
  .refine((r) => (r.resource === undefined) !== (r.path === undefined), {
    message: 'give either resource or path',
  });
export type AccessRequest = z.infer<typeof accessRequestSchema>;

/** What the API server's SubjectAccessReview answered. */
export const reviewVerdictSchema = z.object({
  allowed: z.boolean(),
  denied: z.boolean(),
  reason: z.string(),
  evaluationError: z.string().optional(),
});
export type ReviewVerdict = z.infer<typeof reviewVerdictSchema>;

export const mismatchSchema = z.object({
  field: z.enum(['namespace', 'role', 'verb', 'apiGroup', 'resource', 'resourceName', 'nonResourceURL']),
  reason: z.string(),
});

export const nearMissSchema = grantSourceSchema.extend({
  rule: policyRuleSchema.optional(),
  mismatches: z.array(mismatchSchema),
});
export type NearMissDto = z.infer<typeof nearMissSchema>;

/** The local engine's explanation of a request. */
export const engineExplanationSchema = z.object({
  allowed: z.boolean(),
  grants: z.array(grantSchema),
  nearMisses: z.array(nearMissSchema),
});
export type EngineExplanation = z.infer<typeof engineExplanationSchema>;

/** `POST …/can-i`: the API server's verdict beside the engine's; `agree` false is a defect to show loudly. */
export const canIResultSchema = z.object({
  user: z.object({ username: z.string(), groups: z.array(z.string()) }),
  request: accessRequestSchema,
  review: reviewVerdictSchema,
  engine: engineExplanationSchema,
  agree: z.boolean(),
});
export type CanIResult = z.infer<typeof canIResultSchema>;

/** `GET /api/rbac/who-can` query; empty strings from an HTML form mean "not given". */
export const whoCanQuerySchema = z.object({
  verb: verbSchema,
  group: groupSchema.default(''),
  resource: resourceSchema,
  subresource: z.union([subresourceSchema, z.literal('')]).optional(),
  namespace: z.union([namespaceSchema, z.literal('')]).optional(),
  name: requestNameSchema.optional(),
});
export type WhoCanQuery = z.infer<typeof whoCanQuerySchema>;

export const whoCanEntrySchema = z.object({
  subject: subjectSchema,
  grants: z.array(grantSchema),
  superuser: z.boolean().optional(),
});
export type WhoCanEntryDto = z.infer<typeof whoCanEntrySchema>;

export const whoCanResultSchema = z.object({
  query: whoCanQuerySchema,
  subjects: z.array(whoCanEntrySchema),
});
export type WhoCanResult = z.infer<typeof whoCanResultSchema>;

export const tokenMintScopeSchema = z.object({
  namespace: z.string().nullable(),
  serviceAccounts: z.union([z.array(z.string()), z.literal('all')]),
  grantedBy: z.array(grantSchema),
});

export const tokenMinterSchema = z.object({ subject: subjectSchema, scopes: z.array(tokenMintScopeSchema) });
export type TokenMinterDto = z.infer<typeof tokenMinterSchema>;

/** `GET /api/rbac/token-minters`: who can mint tokens for whom (system:masters not listed). */
export const tokenMintersResultSchema = z.object({ minters: z.array(tokenMinterSchema) });
export type TokenMintersResult = z.infer<typeof tokenMintersResultSchema>;
