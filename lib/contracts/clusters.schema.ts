import { z } from 'zod';
import { CLUSTER_PROBLEMS, type ClusterCheckRequest, type ClusterList } from './clusters';

const authSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token') }),
  z.object({ kind: z.literal('client-cert') }),
  z.object({ kind: z.literal('basic') }),
  z.object({ kind: z.literal('exec'), command: z.string() }),
  z.object({ kind: z.literal('auth-provider'), name: z.string() }),
  z.object({ kind: z.literal('in-cluster') }),
  z.object({ kind: z.literal('none') }),
]);

const statusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unchecked') }),
  z.object({
    state: z.literal('ok'),
    checkedAt: z.string(),
    ms: z.number(),
    version: z.string().optional(),
    user: z.object({ username: z.string(), groups: z.array(z.string()) }),
  }),
  z.object({
    state: z.literal('failed'),
    checkedAt: z.string(),
    ms: z.number(),
    problem: z.enum(CLUSTER_PROBLEMS),
    summary: z.string(),
    hints: z.array(z.string()),
  }),
]);

export const clusterListSchema = z.object({
  source: z.enum(['kubeconfig-env', 'kubeconfig-home', 'in-cluster']),
  contexts: z.array(
    z.object({
      name: z.string(),
      cluster: z.string(),
      host: z.string(),
      scheme: z.enum(['https', 'http', 'unknown']),
      namespace: z.string().optional(),
      auth: authSchema,
      current: z.boolean(),
      status: statusSchema,
    }),
  ),
}) satisfies z.ZodType<ClusterList>;

/** A context name as kubeconfig allows it (any string; bounded). */
export const clusterCheckRequestSchema = z
  .object({ context: z.string().min(1).max(253).optional() })
  .strict() satisfies z.ZodType<ClusterCheckRequest>;
