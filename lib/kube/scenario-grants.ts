import 'server-only';
import { type ManifestObject, SCENARIO_LABEL } from '@/lib/contracts/scenarios';
import { GRANT_LABEL } from '@/lib/contracts/scenarios-api';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

/**
 * The Roles and RoleBindings a "Why denied?" fix applied for this scenario in its namespace (found
 * by label), as references teardown can delete; Roles first, so a reverse-order delete removes the
 * bindings before the roles. Throws mapped AppErrors.
 */
export async function listScenarioGrants(
  clients: KubeClients,
  namespace: string,
  scenario: string,
): Promise<ManifestObject[]> {
  const labelSelector = `${SCENARIO_LABEL}=${scenario},${GRANT_LABEL}`;
  const [roles, bindings] = await Promise.all([
    kubeCall(clients.server, () => clients.rbac.listNamespacedRole({ namespace, labelSelector })),
    kubeCall(clients.server, () => clients.rbac.listNamespacedRoleBinding({ namespace, labelSelector })),
  ]);
  const ref = (kind: 'Role' | 'RoleBinding', name: string | undefined): ManifestObject[] =>
    name ? [{ apiVersion: RBAC_V1, kind, metadata: { name, namespace } }] : [];
  return [
    ...roles.items.flatMap((r) => ref('Role', r.metadata?.name)),
    ...bindings.items.flatMap((b) => ref('RoleBinding', b.metadata?.name)),
  ];
}
