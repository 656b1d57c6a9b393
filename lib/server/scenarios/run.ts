import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import type { ScenarioRun, ScenarioSummary } from '@/lib/contracts/scenarios-api';
import { env } from '@/lib/server/env';
import { deleteObjects } from '@/lib/kube/apply';
import type { KubeClients } from '@/lib/kube/clients';
import { applyScenario, applyScenarioManifest, teardownScenario } from './apply';
import { listScenarioNames, loadScenario } from './load';
import { toScenarioSummary } from '../../scenarios/summary';

/** Every scenario under scenarios/, summarised. Throws `invalid:request` for a malformed one. */
export async function listScenarios(): Promise<ScenarioSummary[]> {
  const names = await listScenarioNames();
  return Promise.all(names.map(async (n) => toScenarioSummary(await loadScenario(n))));
}

/**
 * Deletes one object of a scenario (a step such as "delete the Secret") with `clients`: only an
 * object the scenario's manifests declare, and only if it carries the scenario's label.
 * Throws `invalid:request`, `forbidden:read-only`.
 */
export async function deleteScenarioObject(clients: KubeClients, name: string, ref: { kind: string; name: string; namespace?: string }): Promise<ScenarioRun> {
  if (env().readOnly) throw new AppError('forbidden:read-only', 'Tokenscope runs read-only: scenarios cannot change the cluster.');
  const scenario = await loadScenario(name);
  const target = scenario.manifests
    .flatMap((m) => m.objects)
    .find((o) => o.kind === ref.kind && o.metadata.name === ref.name && (ref.namespace === undefined || o.metadata.namespace === ref.namespace));
  if (!target) throw new AppError('invalid:request', `Scenario "${name}" has no ${ref.kind} named ${ref.name}.`);
  const results = await deleteObjects(clients, [target], name);
  return { scenario: name, action: 'delete', results, ok: results.every((r) => r.outcome === 'deleted' || r.outcome === 'absent') };
}

/**
 * Applies (all manifests, or only `manifest`) or tears down a scenario with `clients`.
 * Refused in read-only mode (`forbidden:read-only`); per-object failures are reported in the
 * result, not thrown.
 */
export async function runScenario(clients: KubeClients, name: string, action: 'apply' | 'teardown', manifest?: string): Promise<ScenarioRun> {
  if (env().readOnly) throw new AppError('forbidden:read-only', 'Tokenscope runs read-only: scenarios cannot be applied.');
  const scenario = await loadScenario(name);
  const results =
    action === 'teardown'
      ? await teardownScenario(clients, scenario)
      : manifest
        ? await applyScenarioManifest(clients, scenario, manifest)
        : await applyScenario(clients, scenario);
  const ok = results.every((r) => r.outcome === 'applied' || r.outcome === 'deleted' || r.outcome === 'absent');
  return { scenario: name, action, results, ok };
}
