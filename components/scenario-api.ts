import { apiFetch } from '@/lib/browser/api';
import { type CanIResult, canIResultSchema } from '@/lib/contracts/rbac';
import {
  type Projection,
  projectionSchema,
  type ScenarioGrant,
  type ScenarioGrantResult,
  type ScenarioRun,
  scenarioGrantResultSchema,
  scenarioRunSchema,
} from '@/lib/contracts/scenarios-api';
import type { GrantAttributes } from '@/lib/rbac/suggest';

// The scenario routes as the guided view calls them; answers are parsed with the shared contract.

const at = (name: string, action: string) => `/api/scenarios/${encodeURIComponent(name)}/${action}`;

export const scenarioApi = {
  apply: async (name: string, manifest?: string): Promise<ScenarioRun> =>
    scenarioRunSchema.parse(
      await apiFetch(at(name, 'apply'), { method: 'POST', body: manifest ? { manifest } : {} }),
    ),
  teardown: async (name: string): Promise<ScenarioRun> =>
    scenarioRunSchema.parse(await apiFetch(at(name, 'teardown'), { method: 'POST', body: {} })),
  delete: async (
    name: string,
    ref: { kind: string; name: string; namespace?: string },
  ): Promise<ScenarioRun> =>
    scenarioRunSchema.parse(await apiFetch(at(name, 'delete'), { method: 'POST', body: ref })),
  grant: async (name: string, body: ScenarioGrant): Promise<ScenarioGrantResult> =>
    scenarioGrantResultSchema.parse(await apiFetch(at(name, 'grant'), { method: 'POST', body })),
  project: async (name: string, pod: string, namespace?: string): Promise<Projection> =>
    projectionSchema.parse(await apiFetch(at(name, 'project'), { method: 'POST', body: { pod, namespace } })),
  /** SubjectAccessReview (and the engine's near misses) for a ServiceAccount's request. */
  canI: async (sa: { namespace: string; name: string }, attrs: GrantAttributes): Promise<CanIResult> =>
    canIResultSchema.parse(
      await apiFetch(
        `/api/namespaces/${encodeURIComponent(sa.namespace)}/serviceaccounts/${encodeURIComponent(sa.name)}/can-i`,
        { method: 'POST', body: attrs },
      ),
    ),
};
