import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import type { ObjectResult } from '@/lib/contracts/scenarios';
import { applyObjects, deleteObjects } from '@/lib/kube/apply';
import type { KubeClients } from '@/lib/kube/clients';
import { listScenarioGrants } from '@/lib/kube/scenario-grants';
import type { Scenario } from '../../scenarios/parse';

function objectsOf(s: Scenario) {
  return s.manifests.flatMap((m) => m.objects);
}

/** Applies every manifest of a scenario in order; idempotent. */
export function applyScenario(clients: KubeClients, s: Scenario): Promise<ObjectResult[]> {
  return applyObjects(clients, objectsOf(s), s.name);
}

/** Applies one manifest of the scenario (a guided step); idempotent. Throws `invalid:request`. */
export function applyScenarioManifest(
  clients: KubeClients,
  s: Scenario,
  file: string,
): Promise<ObjectResult[]> {
  const manifest = s.manifests.find((m) => m.file === file);
  if (!manifest) throw new AppError('invalid:request', `Scenario "${s.name}" has no manifest ${file}.`);
  return applyObjects(clients, manifest.objects, s.name);
}

/**
 * Deletes what the scenario created, in reverse order: first the Role/RoleBinding pairs that
 * "Why denied?" fixes added in its namespace (found by label), then the scenario's own objects.
 */
export async function teardownScenario(clients: KubeClients, s: Scenario): Promise<ObjectResult[]> {
  let fixes: ObjectResult[];
  try {
    fixes = await deleteObjects(clients, await listScenarioGrants(clients, s.namespace, s.name), s.name);
  } catch (err) {
    // Reported like any object that could not be deleted; the scenario's own objects still go.
    const detail = err instanceof AppError ? err.detail : 'could not list them';
    fixes = [
      {
        kind: 'RoleBinding',
        name: '(fixes applied by "Why denied?")',
        namespace: s.namespace,
        outcome: 'failed',
        detail,
      },
    ];
  }
  return [...fixes, ...(await deleteObjects(clients, objectsOf(s), s.name))];
}
