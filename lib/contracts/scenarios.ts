import { z } from 'zod';
import { namespaceRule, objectNameRule } from '@/lib/k8s/names';

export { SCENARIO_LABEL } from './scenario-labels';
/** Field manager for server-side apply. */
export const FIELD_MANAGER = 'tokenscope';

/** Kinds a scenario may contain, with whether they are namespaced. Anything else is refused. */
export const scenarioKinds = {
  'v1/Namespace': false,
  'v1/ServiceAccount': true,
  'v1/Pod': true,
  'v1/Secret': true,
  'v1/ConfigMap': true,
  'rbac.authorization.k8s.io/v1/Role': true,
  'rbac.authorization.k8s.io/v1/RoleBinding': true,
  'rbac.authorization.k8s.io/v1/ClusterRole': false,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': false,
} as const satisfies Record<string, boolean>;

/** A DNS-1123 subdomain (object names): ≤ 253 characters. */
export const objectNameSchema = z.string().max(objectNameRule.max).regex(objectNameRule.pattern, objectNameRule.message);
/** A DNS-1123 label (namespace names): ≤ 63 characters. */
export const namespaceSchema = z.string().max(namespaceRule.max).regex(namespaceRule.pattern, namespaceRule.message);
/** A scenario's folder name. */
export const scenarioNameSchema = z.string().max(namespaceRule.max).regex(namespaceRule.pattern, namespaceRule.message);

export const manifestObjectSchema = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z
      .object({
        name: objectNameSchema,
        namespace: namespaceSchema.optional(),
        labels: z.record(z.string(), z.string()).optional(),
      })
      .loose(),
  })
  .loose()
  .refine((o) => `${o.apiVersion}/${o.kind}` in scenarioKinds, {
    message: `kind must be one of: ${Object.keys(scenarioKinds).join(', ')}`,
  });
export type ManifestObject = z.infer<typeof manifestObjectSchema>;

export const scenarioFileSchema = z.object({
  title: z.string().min(1).max(200),
  summary: z.string().min(1).max(2000),
  source: z.string().max(500).optional(),
  namespace: namespaceSchema.default('default'),
  manifests: z.array(z.string().regex(/^[\w.-]+\.ya?ml$/, 'must be a .yaml file in the scenario folder')).min(1),
  /** The guided steps (validated by scenarioStepSchema when the scenario is loaded). */
  steps: z.array(z.unknown()).max(50).default([]),
});
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

/** The outcome of applying or deleting one object. */
export const objectResultSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  outcome: z.enum(['applied', 'deleted', 'absent', 'conflict', 'failed']),
  detail: z.string().optional(),
});
export type ObjectResult = z.infer<typeof objectResultSchema>;

/** Whether objects of this apiVersion/kind live in a namespace. */
export function isNamespaced(apiVersion: string, kind: string): boolean {
  return (scenarioKinds as Record<string, boolean>)[`${apiVersion}/${kind}`] ?? true;
}
