import { z } from 'zod';
import { grantSchema, privilegeWarningSchema, reachingBindingSchema, subjectSchema } from './rbac';
import { namespaceSchema, objectNameSchema } from './scenarios';

/** One row of the ServiceAccounts page. */
export const serviceAccountSummarySchema = z.object({
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  /** automountServiceAccountToken as set on the ServiceAccount (undefined = default, which is true). */
  automount: z.boolean().optional(),
  createdAt: z.string().optional(),
  podCount: z.number().int(),
  /** Bindings reaching it directly or through its groups (system:authenticated included). */
  bindingCount: z.number().int(),
  /** The part of bindingCount that names this ServiceAccount (or its username) as a subject. */
  directBindingCount: z.number().int().optional(),
  legacyTokenCount: z.number().int(),
  /**
   * Why legacy token Secrets of its namespace could not be read (no right to list Secrets there);
   * legacyTokenCount is then 0 and says nothing.
   */
  legacyTokensUnreadable: z.string().optional(),
  canMintTokens: z.boolean(),
});
export type ServiceAccountSummary = z.infer<typeof serviceAccountSummarySchema>;

export const serviceAccountPageSchema = z.object({
  items: z.array(serviceAccountSummarySchema),
  continue: z.string().optional(),
  /**
   * The list went on from a newer snapshot than its first page's: the API server no longer kept the
   * continue token's (etcd compacted it, every 5 minutes by default), so accounts created or deleted
   * meanwhile may be missing or shown twice.
   */
  inconsistent: z.literal(true).optional(),
});
export type ServiceAccountPage = z.infer<typeof serviceAccountPageSchema>;

/** Most rows one page may ask for; 500 summaries stay well under 200 kB of JSON. */
export const MAX_SERVICE_ACCOUNT_PAGE = 500;
export const DEFAULT_SERVICE_ACCOUNT_PAGE = 100;

/** `GET /api/serviceaccounts` query: namespace filter, substring search, server-side paging. */
export const serviceAccountListQuerySchema = z.object({
  namespace: z.union([namespaceSchema, z.literal('')]).optional(),
  q: z.string().max(253).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SERVICE_ACCOUNT_PAGE).default(DEFAULT_SERVICE_ACCOUNT_PAGE),
  continue: z.string().max(8192).optional(),
});
export type ServiceAccountListQuery = z.infer<typeof serviceAccountListQuerySchema>;

/** Route params of `/api/namespaces/{ns}/serviceaccounts/{name}/…`. */
export const serviceAccountParamsSchema = z.object({ ns: namespaceSchema, name: objectNameSchema });
export type ServiceAccountParams = z.infer<typeof serviceAccountParamsSchema>;

/** One serviceAccountToken source of a projected volume, with when kubelet would rotate it. */
export const projectedTokenSchema = z.object({
  path: z.string(),
  /** As stored on the pod; the API server defaults a missing value to 3600. */
  expirationSeconds: z.number().int(),
  /** Empty means the API server's own audiences. */
  audience: z.string().optional(),
  /** kubelet refreshes once the token is older than 80 % of its TTL, or 24 h. */
  refreshAfterSeconds: z.number().int(),
  /** 3607 s with API audiences: the API server may grant a one-year exp with a warnafter claim. */
  extendedExpiry: z.boolean(),
});
export type ProjectedToken = z.infer<typeof projectedTokenSchema>;

export const tokenVolumeSchema = z.object({
  name: z.string(),
  /** The kube-api-access-* volume the ServiceAccount admission plugin adds when automount is on. */
  isDefault: z.boolean(),
  mounts: z.array(z.object({ container: z.string(), mountPath: z.string(), readOnly: z.boolean() })),
  tokens: z.array(projectedTokenSchema),
});
export type TokenVolume = z.infer<typeof tokenVolumeSchema>;

export const podTokenMountsSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  phase: z.string(),
  createdAt: z.string().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  volumes: z.array(tokenVolumeSchema),
});
export type PodTokenMounts = z.infer<typeof podTokenMountsSchema>;

/** A Secret of type kubernetes.io/service-account-token: a token that never expires. */
export const legacyTokenSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  serviceAccount: z.string(),
  createdAt: z.string().optional(),
  /** The token controller has written a token into it. */
  populated: z.boolean(),
  /** Label kubernetes.io/legacy-token-last-used (a date, written by the API server). */
  lastUsed: z.string().optional(),
  /** Label kubernetes.io/legacy-token-invalid-since (a date, written by the cleaner). */
  invalidSince: z.string().optional(),
  /** The TokenRequest command that replaces it with a token that expires. */
  replacement: z.string(),
});
export type LegacyToken = z.infer<typeof legacyTokenSchema>;

/** Subjects that may mint tokens for this ServiceAccount through serviceaccounts/token. */
export const mintedBySchema = z.object({ subject: subjectSchema, grantedBy: z.array(grantSchema) });
export type MintedBy = z.infer<typeof mintedBySchema>;

/** `GET /api/namespaces/{ns}/serviceaccounts/{name}`. */
export const serviceAccountDetailSchema = z.object({
  summary: serviceAccountSummarySchema,
  user: z.object({ username: z.string(), groups: z.array(z.string()) }),
  labels: z.record(z.string(), z.string()),
  imagePullSecrets: z.array(z.string()),
  bindings: z.array(reachingBindingSchema),
  pods: z.array(podTokenMountsSchema),
  legacyTokens: z.array(legacyTokenSchema),
  warnings: z.array(privilegeWarningSchema),
  mintableBy: z.array(mintedBySchema),
});
export type ServiceAccountDetail = z.infer<typeof serviceAccountDetailSchema>;
