import { z } from 'zod';

/** One row of the ServiceAccounts page. */
export const serviceAccountSummarySchema = z.object({
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  /** automountServiceAccountToken as set on the ServiceAccount (undefined = default, which is true). */
  automount: z.boolean().optional(),
  createdAt: z.string().optional(),
  podCount: z.number().int(),
  bindingCount: z.number().int(),
  legacyTokenCount: z.number().int(),
  canMintTokens: z.boolean(),
});
export type ServiceAccountSummary = z.infer<typeof serviceAccountSummarySchema>;

export const serviceAccountPageSchema = z.object({
  items: z.array(serviceAccountSummarySchema),
  continue: z.string().optional(),
});
export type ServiceAccountPage = z.infer<typeof serviceAccountPageSchema>;
