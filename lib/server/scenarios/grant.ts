import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import { grantLabels, type ScenarioGrant, type ScenarioGrantResult } from '@/lib/contracts/scenarios-api';
import { env } from '@/lib/server/env';
import { applyObjects } from '@/lib/kube/apply';
import type { KubeClients } from '@/lib/kube/clients';
import { suggestGrant } from '@/lib/rbac/suggest';
import { loadScenario } from './load';

/**
 * "Apply this fix": builds the minimal Role and RoleBinding for a denied request with
 * lib/rbac/suggest.ts and server-side applies them with `clients` (the caller's: the dashboard
 * identity, or the signed-in user in shared mode). Only inside the scenario's namespace, only for a ServiceAccount
 * the scenario declares, and never for a grant lib/rbac/dangerous-grants.ts refuses (one that would let
 * the grantee run code as a ServiceAccount, mint or read its token, or act as someone else).
 * Throws `invalid:request`, `forbidden:read-only`.
 */
export async function grantInScenario(clients: KubeClients, name: string, body: ScenarioGrant): Promise<ScenarioGrantResult> {
  if (env().readOnly)
    throw new AppError('forbidden:read-only', 'Tokenscope runs read-only: fixes cannot be applied.');
  const scenario = await loadScenario(name);
  const { serviceAccount: sa, request } = body;
  for (const ns of [request.namespace, sa.namespace]) {
    if (ns !== scenario.namespace) {
      throw new AppError(
        'invalid:request',
        `Fixes are applied only inside the scenario’s namespace (${scenario.namespace}), not in ${ns}. Copy the YAML and apply it yourself if you mean it.`,
      );
    }
  }
  const declared = scenario.manifests
    .flatMap((m) => m.objects)
    .some(
      (o) =>
        o.kind === 'ServiceAccount' && o.metadata.name === sa.name && o.metadata.namespace === sa.namespace,
    );
  if (!declared) {
    throw new AppError(
      'invalid:request',
      `Scenario "${name}" has no ServiceAccount ${sa.namespace}/${sa.name}.`,
    );
  }
  const grant = suggestGrant(sa, request, grantLabels(name));
  if (grant.sensitive) {
    throw new AppError(
      'invalid:request',
      `Not applied with one click: ${grant.sensitive}. Review the YAML and apply it yourself if you mean it.`,
    );
  }
  const results = await applyObjects(clients, [grant.role, grant.roleBinding], name);
  return {
    scenario: name,
    action: 'grant',
    results,
    ok: results.every((r) => r.outcome === 'applied'),
    role: { name: grant.role.metadata.name, namespace: grant.role.metadata.namespace },
  };
}
