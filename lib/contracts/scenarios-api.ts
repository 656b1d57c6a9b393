import { z } from 'zod';
import { objectResultSchema, scenarioNameSchema } from './scenarios';

export const scenarioParamsSchema = z.object({ name: scenarioNameSchema });

export const scenarioSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  summary: z.string(),
  source: z.string().optional(),
  namespace: z.string(),
  objects: z.array(z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional(), file: z.string() })),
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

export const scenarioRunSchema = z.object({
  scenario: z.string(),
  action: z.enum(['apply', 'teardown']),
  results: z.array(objectResultSchema),
  ok: z.boolean(),
});
export type ScenarioRun = z.infer<typeof scenarioRunSchema>;
