import { z } from 'zod';
import {
  bindingRefSchema,
  PRIVILEGE_WARNING_CODES,
  policyRuleSchema,
  roleRefSchema,
  subjectSchema,
} from './rbac';
import { namespaceSchema, objectNameSchema } from './scenarios';
import { tryVerbs } from './try-request';

/**
 * Risk with proof (issue 14 §3): findings with their exact grant and a concrete request, and the
 * shortest escalation path of an account to cluster-admin-equivalent rights, as lib/rbac/risk.ts
 * computes them.
 */

export const riskSeveritySchema = z.enum(['critical', 'high', 'medium']);
export type RiskSeverityDto = z.infer<typeof riskSeveritySchema>;

/** The privilege warnings, and running a pod as a more privileged ServiceAccount of the namespace. */
export const riskCodeSchema = z.enum([...PRIVILEGE_WARNING_CODES, 'run-as-more-privileged']);
export type RiskCodeDto = z.infer<typeof riskCodeSchema>;

export const riskClaimSchema = z.object({
  verb: z.string(),
  group: z.string(),
  resource: z.string(),
  subresource: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string(),
});

export const riskGrantSchema = z.object({
  binding: bindingRefSchema,
  role: roleRefSchema,
  rule: policyRuleSchema,
  namespace: z.string().nullable(),
});
export type RiskGrantDto = z.infer<typeof riskGrantSchema>;

const accountRefSchema = z.object({ namespace: z.string(), name: z.string() });

export const riskFindingSchema = z.object({
  code: riskCodeSchema,
  severity: riskSeveritySchema,
  title: z.string(),
  detail: z.string(),
  subject: subjectSchema,
  namespace: z.string().nullable(),
  grant: riskGrantSchema,
  claim: riskClaimSchema,
  target: accountRefSchema.optional(),
});
export type RiskFindingDto = z.infer<typeof riskFindingSchema>;

export const escalationStepSchema = z.object({
  kind: z.enum(['mint', 'impersonate', 'pod']),
  from: subjectSchema,
  to: subjectSchema,
  via: subjectSchema,
  grant: riskGrantSchema,
  claim: riskClaimSchema,
  text: z.string(),
  /** For pod steps: what to run by hand (Tokenscope never creates the pod). */
  commands: z.array(z.string()).optional(),
});
export type EscalationStepDto = z.infer<typeof escalationStepSchema>;

export const escalationPathSchema = z.object({
  start: subjectSchema,
  steps: z.array(escalationStepSchema),
  admin: z.object({
    text: z.string(),
    via: subjectSchema,
    grants: z.array(riskGrantSchema),
    claims: z.array(riskClaimSchema),
  }),
});
export type EscalationPathDto = z.infer<typeof escalationPathSchema>;

/** Filters of GET /api/rbac/risk and the /rbac/risk page; all optional. */
export const riskQuerySchema = z.object({
  severity: riskSeveritySchema.optional(),
  code: riskCodeSchema.optional(),
  subjectKind: z.enum(['User', 'Group', 'ServiceAccount']).optional(),
  /** Matched against the subject, namespace, binding and role names (case-insensitive). */
  q: z.string().max(253).optional(),
  /** Hide subjects named system:* and grants from system:* bindings (the bootstrap policy). */
  hideSystem: z.enum(['true', 'false']).optional(),
});
export type RiskQuery = z.infer<typeof riskQuerySchema>;

export const RISK_PAGE_LIMIT = 200;

export const riskReportSchema = z.object({
  /** Counts of every finding, before filters. */
  totals: z.record(riskSeveritySchema, z.number().int()),
  /** Findings matching the filters, critical first, at most RISK_PAGE_LIMIT. */
  findings: z.array(riskFindingSchema),
  matched: z.number().int(),
  /** Shortest paths of the accounts matching the filters, shortest first, at most RISK_PAGE_LIMIT. */
  paths: z.array(escalationPathSchema),
  pathsMatched: z.number().int(),
  adminAccounts: z.number().int(),
  analyzedAt: z.string(),
});
export type RiskReport = z.infer<typeof riskReportSchema>;

/** What the ServiceAccount page adds to its privilege warnings. */
export const accountRiskSchema = z.object({
  /** Findings the per-account warnings cannot see: pods runnable as more privileged accounts. */
  runAs: z.array(riskFindingSchema),
  path: escalationPathSchema.nullable(),
  admin: z.boolean(),
});
export type AccountRisk = z.infer<typeof accountRiskSchema>;

const accountSchema = z.object({ namespace: namespaceSchema, name: objectNameSchema });

/**
 * `POST /api/rbac/risk/prove`: walk a chain of token mints with real TokenRequests. The first
 * account's token is minted as the caller; each next one with the previous account's token. `check`
 * is the read made with the last token (default: list pods in its namespace).
 */
export const proveRequestSchema = z.object({
  chain: z.array(accountSchema).min(2).max(8),
  check: z
    .object({
      verb: z.enum(tryVerbs),
      group: z
        .string()
        .max(253)
        .regex(/^[a-z0-9.-]*$/),
      resource: z
        .string()
        .min(1)
        .max(253)
        .regex(/^[a-z0-9.-]+$/),
      namespace: namespaceSchema.optional(),
    })
    .optional(),
});
export type ProveRequest = z.infer<typeof proveRequestSchema>;

export const proofStepSchema = z.object({
  /** What was done, in words ("mint a token for default/viewer as default/requester"). */
  action: z.string(),
  /** As whom: the caller, or the account whose token was used. */
  as: z.string(),
  /** The API server's status for the TokenRequest (201 when minted). */
  status: z.number().int(),
  message: z.string(),
  /** The held token (in the session's vault; never the token itself). */
  tokenId: z.string().optional(),
  /** SelfSubjectReview made with the minted token. */
  whoami: z.object({ status: z.number().int(), username: z.string().optional() }).optional(),
});
export type ProofStep = z.infer<typeof proofStepSchema>;

export const proofResultSchema = z.object({
  proven: z.boolean(),
  steps: z.array(proofStepSchema),
  /** The read made with the last token; absent when a mint failed before it. */
  check: z
    .object({
      request: z.string(),
      status: z.number().int(),
      message: z.string(),
      kubectl: z.string(),
    })
    .optional(),
});
export type ProofResult = z.infer<typeof proofResultSchema>;

/** What the Prove buttons say instead when Tokenscope runs read-only. */
export const READ_ONLY_PROOF =
  'Tokenscope runs read-only (TOKENSCOPE_READ_ONLY): proofs mint real tokens, so they are turned off.';
