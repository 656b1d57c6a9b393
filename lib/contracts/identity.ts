import { z } from 'zod';

/** Who an identity is, as the API server sees it (SelfSubjectReview / TokenReview userInfo). */
export const userInfoSchema = z.object({
  username: z.string(),
  uid: z.string().optional(),
  groups: z.array(z.string()),
  extra: z.record(z.string(), z.array(z.string())).optional(),
});
export type UserInfo = z.infer<typeof userInfoSchema>;

/** The cluster the dashboard is connected to and who it is there. */
export const clusterIdentitySchema = z.object({
  server: z.string(),
  context: z.string(),
  source: z.enum(['kubeconfig-env', 'kubeconfig-home', 'in-cluster']),
  /** Path of the dashboard's kubeconfig; local mode only (in shared mode it is the operator's, not the user's). */
  sourcePath: z.string().optional(),
  version: z.string().optional(),
  user: userInfoSchema,
});
export type ClusterIdentity = z.infer<typeof clusterIdentitySchema>;

export const healthSchema = z.object({
  ok: z.boolean(),
  server: z.string().optional(),
  checkedAt: z.string(),
});
export type Health = z.infer<typeof healthSchema>;
