import { apiFetch } from '@/lib/client/api';
import type {
  Projection,
  ScenarioGrant,
  ScenarioGrantResult,
  ScenarioRun,
  ScenarioStaleUses,
} from '@/lib/contracts/scenarios-api';
import type { ScenarioProgress, ScenarioProgressState } from '@/lib/contracts/scenario-progress';

// The scenario routes as the guided view calls them. The answers are typed by the same contract the
// routes are written against; parsing them again here would put zod in the browser bundle.

const at = (name: string, action: string) => `/api/scenarios/${encodeURIComponent(name)}/${action}`;
const post = <T>(path: string, body: unknown) => apiFetch<T>(path, { method: 'POST', body });

export const scenarioApi = {
  apply: (name: string, manifest?: string): Promise<ScenarioRun> =>
    post(at(name, 'apply'), manifest ? { manifest } : {}),
  teardown: (name: string): Promise<ScenarioRun> => post(at(name, 'teardown'), {}),
  delete: (name: string, ref: { kind: string; name: string; namespace?: string }): Promise<ScenarioRun> =>
    post(at(name, 'delete'), ref),
  grant: (name: string, body: ScenarioGrant): Promise<ScenarioGrantResult> => post(at(name, 'grant'), body),
  project: (name: string, pod: string, namespace?: string): Promise<Projection> =>
    post(at(name, 'project'), { pod, namespace }),
  /** The pod's requests the API server marked stale since `since` (ms), from the audit log. */
  staleUses: (name: string, pod: string, namespace?: string, since?: number): Promise<ScenarioStaleUses> => {
    const q = new URLSearchParams({ pod });
    if (namespace) q.set('namespace', namespace);
    if (since !== undefined) q.set('since', String(Math.floor(since)));
    return apiFetch<ScenarioStaleUses>(`${at(name, 'stale-uses')}?${q}`);
  },
  /** A guided walkthrough's saved place in this session (tokens by id only). */
  progress: (name: string): Promise<ScenarioProgressState> =>
    apiFetch<ScenarioProgressState>(at(name, 'progress')),
  saveProgress: (name: string, progress: ScenarioProgress): Promise<ScenarioProgressState> =>
    apiFetch<ScenarioProgressState>(at(name, 'progress'), { method: 'PUT', body: progress }),
};
