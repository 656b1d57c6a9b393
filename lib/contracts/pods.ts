import { z } from 'zod';

export const podSummarySchema = z.object({
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  serviceAccount: z.string(),
  phase: z.string(),
  nodeName: z.string().optional(),
  createdAt: z.string().optional(),
});
export type PodSummary = z.infer<typeof podSummarySchema>;
