import { z } from 'zod';
import { namespaceSchema, objectNameSchema } from './scenarios';
import { tryRequestSchema } from './tokens';

/** A name a step gives to the token it mints, so later steps can use it. */
const tokenRef = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,40}$/, 'must be a short name like viewerToken');

const base = {
  title: z.string().min(1).max(200),
  /** What the presenter says at this step (plain text, a few sentences). */
  explain: z.string().max(3000).default(''),
  /** The kubectl / curl lines that do the same by hand. */
  commands: z.array(z.string().max(1000)).max(10).default([]),
};

/** One step of a guided scenario. Each `do` is one button in the guided view. */
export const scenarioStepSchema = z.discriminatedUnion('do', [
  z.object({ ...base, do: z.literal('apply'), manifest: z.string().regex(/^[\w.-]+\.ya?ml$/) }),
  z.object({
    ...base,
    do: z.literal('mint'),
    serviceAccount: objectNameSchema,
    namespace: namespaceSchema.optional(),
    expirationSeconds: z.number().int().min(1).optional(),
    audiences: z.array(z.string().min(1)).max(10).optional(),
    boundTo: z.object({ kind: z.enum(['Pod', 'Secret']), name: objectNameSchema }).optional(),
    /** Mint as the token an earlier step named; omitted = the dashboard identity. */
    actAs: tokenRef.optional(),
    as: tokenRef,
    /** The outcome the scenario expects: 201, or the API server's refusal (e.g. 403). */
    expect: z.number().int().default(201),
  }),
  z.object({
    ...base,
    do: z.literal('try'),
    token: tokenRef,
    request: tryRequestSchema,
    expect: z.number().int(),
  }),
  z.object({ ...base, do: z.literal('whoami'), token: tokenRef }),
  z.object({
    ...base,
    do: z.literal('delete'),
    kind: z.enum(['Secret', 'Pod', 'ServiceAccount', 'RoleBinding', 'ClusterRoleBinding']),
    name: objectNameSchema,
    namespace: namespaceSchema.optional(),
  }),
  z.object({
    ...base,
    do: z.literal('wait-expiry'),
    token: tokenRef,
    /** Sent with the token once the API server rejects it: the same request, now answered 401. */
    request: tryRequestSchema.optional(),
  }),
  z.object({
    ...base,
    do: z.literal('project'),
    /** Play kubelet's part for a pod's projected serviceAccountToken volume. */
    pod: objectNameSchema,
    namespace: namespaceSchema.optional(),
    /** The name of the token an application read from the file (the first version). */
    as: tokenRef.optional(),
  }),
  z.object({
    ...base,
    do: z.literal('reread'),
    /** Read the projected file again: the name now means the newest version kubelet wrote. */
    token: tokenRef,
  }),
  z.object({
    ...base,
    do: z.literal('stale-check'),
    /** The token the pod's app holds: `request` is sent with it, then the audit log is read. */
    token: tokenRef,
    /** The pod (projected by an earlier step) whose requests the audit log is searched for. */
    pod: objectNameSchema,
    namespace: namespaceSchema.optional(),
    request: tryRequestSchema,
    /** stale: the API server must have annotated the pod's requests stale-token; fresh: must not have. */
    expect: z.enum(['stale', 'fresh']),
  }),
  z.object({ ...base, do: z.literal('teardown') }),
]);
export type ScenarioStep = z.infer<typeof scenarioStepSchema>;

/**
 * Cross-step checks the schema cannot express: tokens are named before use, names are unique,
 * manifests applied by a step are part of the scenario. Returns problems as sentences.
 */
export function checkSteps(steps: ScenarioStep[], manifests: string[]): string[] {
  const problems: string[] = [];
  const named = new Set<string>();
  steps.forEach((s, i) => {
    const at = `step ${i + 1} ("${s.title}")`;
    const uses =
      s.do === 'try' ||
      s.do === 'whoami' ||
      s.do === 'wait-expiry' ||
      s.do === 'reread' ||
      s.do === 'stale-check'
        ? s.token
        : s.do === 'mint'
          ? s.actAs
          : undefined;
    if (uses && !named.has(uses)) problems.push(`${at} uses token "${uses}", which no earlier step mints`);
    if (s.do === 'reread' && !steps.some((x) => x.do === 'project' && x.as === s.token)) {
      problems.push(`${at} re-reads "${s.token}", which no project step names`);
    }
    if (s.do === 'stale-check' && !steps.slice(0, i).some((x) => x.do === 'project' && x.pod === s.pod)) {
      problems.push(`${at} looks for stale tokens of pod "${s.pod}", which no earlier project step projects`);
    }
    const names = s.do === 'mint' ? s.as : s.do === 'project' ? s.as : undefined;
    if (names) {
      if (named.has(names)) problems.push(`${at} names a second token "${names}"`);
      named.add(names);
    }
    if (s.do === 'apply' && !manifests.includes(s.manifest)) {
      problems.push(`${at} applies ${s.manifest}, which is not in the scenario's manifests list`);
    }
  });
  return problems;
}
