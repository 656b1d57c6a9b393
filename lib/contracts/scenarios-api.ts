import { z } from 'zod';
import { podSummarySchema } from './pods';
import { scenarioStepSchema } from './scenario-steps';
import { namespaceSchema, objectNameSchema, objectResultSchema, scenarioNameSchema } from './scenarios';
import { mintedTokenSchema } from './tokens';

export const scenarioParamsSchema = z.object({ name: scenarioNameSchema });

export { GRANT_LABEL, grantLabels } from './scenario-labels';

/** What the guided view shows beside a step: its YAML and the commands that do it by hand. */
export const stepViewSchema = z.object({
  /** apply: the manifest; mint: the TokenRequest sent; others: the step as written in scenario.yaml. */
  yaml: z.string(),
  yamlLabel: z.string(),
  /** The step's own commands, or ones derived from it when scenario.yaml gives none. */
  commands: z.array(z.string()),
});
export type StepView = z.infer<typeof stepViewSchema>;

export const guidedStepSchema = z.intersection(scenarioStepSchema, stepViewSchema);
export type GuidedStep = z.infer<typeof guidedStepSchema>;

export const scenarioSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  summary: z.string(),
  source: z.string().optional(),
  namespace: z.string(),
  objects: z.array(
    z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional(), file: z.string() }),
  ),
  manifests: z.array(z.object({ file: z.string(), text: z.string() })),
  steps: z.array(guidedStepSchema),
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

export const scenarioRunSchema = z.object({
  scenario: z.string(),
  action: z.enum(['apply', 'teardown', 'delete', 'grant']),
  results: z.array(objectResultSchema),
  ok: z.boolean(),
});
export type ScenarioRun = z.infer<typeof scenarioRunSchema>;

/** `POST /api/scenarios/{name}/apply`: no body applies every manifest; `manifest` applies one (a step). */
export const scenarioApplySchema = z
  .object({
    manifest: z
      .string()
      .regex(/^[\w.-]+\.ya?ml$/, 'must be one of the scenario’s .yaml files')
      .optional(),
  })
  .optional();

/** `POST /api/scenarios/{name}/delete`: delete one object the scenario created (a step's action). */
export const scenarioDeleteSchema = z.object({
  kind: z.string().max(63),
  name: objectNameSchema,
  namespace: namespaceSchema.optional(),
});

const grantWord = (what: string) =>
  z
    .string()
    .min(1)
    .max(63)
    .regex(/^[a-z][a-z0-9-]*$/, `must be one ${what}, without wildcards`);

/** A denied namespaced resource request, as the authorizer saw it. */
export const grantAttributesSchema = z.object({
  verb: grantWord('verb such as get or list'),
  group: z
    .string()
    .max(253)
    .regex(
      /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$/,
      'must be an API group ("" is core)',
    )
    .default(''),
  resource: grantWord('plural resource such as pods'),
  subresource: grantWord('subresource such as log').optional(),
  namespace: namespaceSchema,
  name: objectNameSchema.optional(),
});
export type GrantAttributesInput = z.infer<typeof grantAttributesSchema>;

/**
 * `POST /api/scenarios/{name}/grant`: the request that was denied and the ServiceAccount that made
 * it. The server builds the Role/RoleBinding itself (lib/rbac/suggest.ts); it never takes YAML.
 */
export const scenarioGrantSchema = z.object({
  serviceAccount: z.object({ namespace: namespaceSchema, name: objectNameSchema }),
  request: grantAttributesSchema,
});
export type ScenarioGrant = z.infer<typeof scenarioGrantSchema>;

export const scenarioGrantResultSchema = scenarioRunSchema.extend({
  role: z.object({ name: z.string(), namespace: z.string() }),
});
export type ScenarioGrantResult = z.infer<typeof scenarioGrantResultSchema>;

/** `POST /api/scenarios/{name}/project`: play kubelet's part for one of the scenario's pods. */
export const scenarioProjectSchema = z.object({
  pod: objectNameSchema,
  namespace: namespaceSchema.optional(),
});

/** The projected serviceAccountToken source kubelet would serve, and where the file is. */
export const projectedSourceSchema = z.object({
  volume: z.string(),
  path: z.string(),
  /** mountPath/path in the first container that mounts the volume. */
  filePath: z.string().optional(),
  expirationSeconds: z.number().int(),
  audience: z.string().optional(),
  refreshAfterSeconds: z.number().int(),
});
export type ProjectedSource = z.infer<typeof projectedSourceSchema>;

/**
 * `simulated`: no kubelet runs the pod, so Tokenscope minted the pod-bound token kubelet would
 * write (one "file version"). `kubelet`: the pod runs on a node whose kubelet does this for real.
 */
export const projectionSchema = z.object({
  mode: z.enum(['simulated', 'kubelet']),
  pod: podSummarySchema,
  source: projectedSourceSchema,
  token: mintedTokenSchema.nullable(),
});
export type Projection = z.infer<typeof projectionSchema>;

/** `GET /api/scenarios/{name}/stale-uses`: a scenario pod's requests the API server marked stale. */
export const scenarioStaleQuerySchema = z.object({
  pod: objectNameSchema,
  namespace: namespaceSchema.optional(),
  /** Milliseconds since the epoch: only requests from then on (the pod's projection). */
  since: z.coerce.number().int().min(0).max(8_640_000_000_000).optional(),
});
export type ScenarioStaleQuery = z.infer<typeof scenarioStaleQuerySchema>;

export const scenarioStaleUsesSchema = z.discriminatedUnion('configured', [
  z.object({ configured: z.literal(false), reason: z.string() }),
  z.object({
    configured: z.literal(true),
    namespace: z.string(),
    serviceAccount: z.string(),
    pod: z.string(),
    /** ISO time the search starts at. */
    since: z.string(),
    files: z.array(z.string()),
    /** The pod's stale uses in the window, or null when the API server annotated none. */
    use: z
      .object({
        count: z.number().int(),
        firstSeen: z.string(),
        lastSeen: z.string(),
        lastSecondsStale: z.number().int(),
        maxSecondsStale: z.number().int(),
        lastRequest: z.string(),
      })
      .nullable(),
  }),
]);
export type ScenarioStaleUses = z.infer<typeof scenarioStaleUsesSchema>;
