import 'server-only';
import { type ManifestObject, SCENARIO_LABEL } from '@/lib/contracts/scenarios';
import type { ObjectPresence } from '@/lib/contracts/scenario-state';
import type { KubeClients } from './clients';
import { kubeStatusOf } from './errors';

/**
 * Whether each object is in the cluster and carries the scenario's label, read with the given
 * clients (the viewer's). Never throws: an object that cannot be read is `unknown`.
 */
export async function readObjectPresence(
  clients: KubeClients,
  objects: ManifestObject[],
  scenario: string,
): Promise<ObjectPresence[]> {
  return Promise.all(
    objects.map(async (o): Promise<ObjectPresence> => {
      try {
        const found = await clients.objects.read({
          apiVersion: o.apiVersion,
          kind: o.kind,
          metadata: { name: o.metadata.name, namespace: o.metadata.namespace ?? '' },
        });
        return found.metadata?.labels?.[SCENARIO_LABEL] === scenario ? 'applied' : 'foreign';
      } catch (err) {
        return kubeStatusOf(err)?.code === 404 ? 'absent' : 'unknown';
      }
    }),
  );
}
