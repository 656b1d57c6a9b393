import 'server-only';
import { type KubernetesObject, PatchStrategy } from '@kubernetes/client-node';
import { FIELD_MANAGER, type ManifestObject, type ObjectResult, SCENARIO_LABEL } from '@/lib/contracts/scenarios';
import type { KubeClients } from './clients';
import { kubeStatusOf, toAppError } from './errors';

function ref(o: ManifestObject): Pick<ObjectResult, 'kind' | 'name' | 'namespace'> {
  return { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace };
}

function labelled(o: ManifestObject, scenario: string): KubernetesObject {
  return {
    ...o,
    metadata: { ...o.metadata, labels: { ...o.metadata.labels, [SCENARIO_LABEL]: scenario } },
  } as KubernetesObject;
}

async function readOrNull(clients: KubeClients, o: ManifestObject): Promise<KubernetesObject | null> {
  try {
    return await clients.objects.read({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace ?? '' },
    });
  } catch (err) {
    if (kubeStatusOf(err)?.code === 404) return null;
    throw err;
  }
}

function failure(o: ManifestObject, err: unknown, server: string): ObjectResult {
  return { ...ref(o), outcome: 'failed', detail: toAppError(err, server).detail };
}

/**
 * Server-side applies each object in order with Tokenscope's field manager and the scenario label.
 * An existing object without the label belongs to someone else: it is reported as a conflict and
 * left alone. Every object gets a result; nothing is skipped silently.
 */
export async function applyObjects(clients: KubeClients, objects: ManifestObject[], scenario: string): Promise<ObjectResult[]> {
  const results: ObjectResult[] = [];
  for (const o of objects) {
    try {
      const existing = await readOrNull(clients, o);
      if (existing && existing.metadata?.labels?.[SCENARIO_LABEL] !== scenario) {
        results.push({ ...ref(o), outcome: 'conflict', detail: `exists and was not created by scenario "${scenario}"` });
        continue;
      }
      await clients.objects.patch(labelled(o, scenario), undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      results.push({ ...ref(o), outcome: 'applied' });
    } catch (err) {
      results.push(failure(o, err, clients.server));
    }
  }
  return results;
}

/**
 * Deletes, in reverse order, the objects that carry this scenario's label; objects that exist
 * without it are reported as conflicts and kept, like objects `kubectl delete -f` would not own.
 */
export async function deleteObjects(clients: KubeClients, objects: ManifestObject[], scenario: string): Promise<ObjectResult[]> {
  const results: ObjectResult[] = [];
  for (const o of [...objects].reverse()) {
    try {
      const existing = await readOrNull(clients, o);
      if (!existing) {
        results.push({ ...ref(o), outcome: 'absent' });
        continue;
      }
      if (existing.metadata?.labels?.[SCENARIO_LABEL] !== scenario) {
        results.push({ ...ref(o), outcome: 'conflict', detail: `not created by scenario "${scenario}"; kept` });
        continue;
      }
      await clients.objects.delete({
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: { name: o.metadata.name, namespace: o.metadata.namespace },
      });
      results.push({ ...ref(o), outcome: 'deleted' });
    } catch (err) {
      if (kubeStatusOf(err)?.code === 404) results.push({ ...ref(o), outcome: 'absent' });
      else results.push(failure(o, err, clients.server));
    }
  }
  return results;
}
