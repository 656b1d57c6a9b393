import 'server-only';
import type { ScenarioObjectState } from '@/lib/contracts/scenario-state';
import type { KubeClients } from '@/lib/kube/clients';
import { readObjectPresence } from '@/lib/kube/scenario-state';
import { loadScenario } from './load';

/**
 * What of a scenario is already in the cluster (by the label Tokenscope sets when applying), as
 * the viewer sees it. Never throws for the cluster: unreadable objects are `unknown`.
 */
export async function scenarioObjectStates(
  clients: KubeClients | null,
  name: string,
): Promise<ScenarioObjectState[]> {
  const scenario = await loadScenario(name);
  const declared = scenario.manifests.flatMap((m) => m.objects.map((o) => ({ o, file: m.file })));
  const presence = clients
    ? await readObjectPresence(clients, declared.map((d) => d.o), name)
    : declared.map(() => 'unknown' as const);
  return declared.map(({ o, file }, i) => ({
    kind: o.kind,
    name: o.metadata.name,
    namespace: o.metadata.namespace,
    file,
    presence: presence[i] ?? 'unknown',
  }));
}

/** The same for several scenarios, by name. */
export async function scenarioStatesByName(
  clients: KubeClients | null,
  names: string[],
): Promise<Record<string, ScenarioObjectState[]>> {
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await scenarioObjectStates(clients, n)] as const)));
}
