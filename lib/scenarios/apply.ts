import 'server-only';
import type { ObjectResult } from '@/lib/contracts/scenarios';
import { applyObjects, deleteObjects } from '@/lib/kube/apply';
import type { KubeClients } from '@/lib/kube/clients';
import type { Scenario } from './parse';

function objectsOf(s: Scenario) {
  return s.manifests.flatMap((m) => m.objects);
}

/** Applies every manifest of a scenario in order; idempotent. */
export function applyScenario(clients: KubeClients, s: Scenario): Promise<ObjectResult[]> {
  return applyObjects(clients, objectsOf(s), s.name);
}

/** Deletes what the scenario created, in reverse order. */
export function teardownScenario(clients: KubeClients, s: Scenario): Promise<ObjectResult[]> {
  return deleteObjects(clients, objectsOf(s), s.name);
}
