import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import type { ScenarioStaleQuery, ScenarioStaleUses } from '@/lib/contracts/scenarios-api';
import type { RequestClients } from '@/lib/kube/clients';
import { readPodTokenMounts } from '@/lib/kube/pod-projection';
import { auditState } from '@/lib/server/audit/least-privilege';
import { readStaleTokens, STALE_WINDOW_MS } from '@/lib/server/audit/stale';
import { loadScenario } from './load';

/** Without `since`, the search looks this far back: a little more than a projected token's hour. */
const DEFAULT_LOOKBACK_MS = 2 * 3600 * 1000;

/**
 * The requests of one scenario pod that the API server annotated `authentication.k8s.io/stale-token`
 * since `since`, from the audit log. The pod is read as the caller (`clients.forCaller`) first: only
 * someone who may read the pod learns about its requests. Throws `invalid:request` for a pod the
 * scenario does not declare, and mapped AppErrors (403/404 from reading the pod).
 */
export async function scenarioStaleUses(
  clients: RequestClients,
  name: string,
  query: ScenarioStaleQuery,
  now = Date.now(),
): Promise<ScenarioStaleUses> {
  const scenario = await loadScenario(name);
  const namespace = query.namespace ?? scenario.namespace;
  const declared = scenario.manifests
    .flatMap((m) => m.objects)
    .some((o) => o.kind === 'Pod' && o.metadata.name === query.pod && o.metadata.namespace === namespace);
  if (!declared)
    throw new AppError('invalid:request', `Scenario "${name}" has no Pod ${namespace}/${query.pod}.`);
  const { pod } = await readPodTokenMounts(clients.forCaller, namespace, query.pod);
  const state = await auditState(clients.context);
  if ('reason' in state) return { configured: false, reason: state.reason };
  const from = Math.max(query.since ?? now - DEFAULT_LOOKBACK_MS, now - STALE_WINDOW_MS);
  const read = await readStaleTokens(state.path, from);
  const found = read.users.find(
    (u) => u.namespace === namespace && u.serviceAccount === pod.serviceAccount && u.pod === pod.name,
  );
  return {
    configured: true,
    namespace,
    serviceAccount: pod.serviceAccount,
    pod: pod.name,
    since: new Date(from).toISOString(),
    files: read.files,
    use: found
      ? {
          count: found.count,
          firstSeen: found.firstSeen,
          lastSeen: found.lastSeen,
          lastSecondsStale: found.lastSecondsStale,
          maxSecondsStale: found.maxSecondsStale,
          lastRequest: found.lastRequest,
        }
      : null,
  };
}
