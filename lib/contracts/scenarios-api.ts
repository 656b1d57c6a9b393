import { z } from 'zod';
import { scenarioStepSchema } from './scenario-steps';
import { namespaceSchema, objectNameSchema, objectResultSchema, scenarioNameSchema } from './scenarios';

export const scenarioParamsSchema = z.object({ name: scenarioNameSchema });

export const scenarioSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  summary: z.string(),
  source: z.string().optional(),
  namespace: z.string(),
  objects: z.array(z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional(), file: z.string() })),
  manifests: z.array(z.object({ file: z.string(), text: z.string() })),
  steps: z.array(scenarioStepSchema),
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

export const scenarioRunSchema = z.object({
  scenario: z.string(),
  action: z.enum(['apply', 'teardown', 'delete']),
  results: z.array(objectResultSchema),
  ok: z.boolean(),
});
export type ScenarioRun = z.infer<typeof scenarioRunSchema>;

/** `POST /api/scenarios/{name}/delete`: delete one object the scenario created (a step's action). */
export const scenarioDeleteSchema = z.object({
  kind: z.string().max(63),
  name: objectNameSchema,
  namespace: namespaceSchema.optional(),
});
