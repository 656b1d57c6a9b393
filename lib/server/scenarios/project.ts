import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import type { ProjectedSource, Projection } from '@/lib/contracts/scenarios-api';
import type { RequestClients } from '@/lib/kube/clients';
import { readPodTokenMounts } from '@/lib/kube/pod-projection';
import type { Session } from '@/lib/server/session/session';
import { mintToken } from '@/lib/server/tokens/mint';
import { loadScenario } from './load';

/**
 * Plays kubelet's part for a scenario pod's projected serviceAccountToken volume, as the caller
 * (`clients.forCaller` reads the pod and mints):
 * requests the token kubelet would write (bound to the pod by name and UID, with the volume's
 * expirationSeconds and audience) and keeps it in the session's vault as one "file version". When
 * the pod is Running on a node, a real kubelet does this, so nothing is minted.
 * Throws `invalid:request` and mapped AppErrors.
 */
export async function projectPodToken(
  clients: RequestClients,
  session: Session,
  name: string,
  target: { pod: string; namespace?: string },
): Promise<Projection> {
  const scenario = await loadScenario(name);
  const namespace = target.namespace ?? scenario.namespace;
  const declared = scenario.manifests
    .flatMap((m) => m.objects)
    .some((o) => o.kind === 'Pod' && o.metadata.name === target.pod && o.metadata.namespace === namespace);
  if (!declared)
    throw new AppError('invalid:request', `Scenario "${name}" has no Pod ${namespace}/${target.pod}.`);

  const { pod, mounts } = await readPodTokenMounts(clients.forCaller, namespace, target.pod);
  const withTokens = mounts.volumes.filter((v) => v.tokens.length > 0);
  const volume = withTokens.find((v) => !v.isDefault) ?? withTokens[0];
  const projected = volume?.tokens[0];
  if (!volume || !projected) {
    throw new AppError(
      'invalid:request',
      `Pod ${namespace}/${target.pod} has no projected serviceAccountToken volume.`,
    );
  }
  const mount = volume.mounts[0];
  const source: ProjectedSource = {
    volume: volume.name,
    path: projected.path,
    filePath: mount ? `${mount.mountPath.replace(/\/$/, '')}/${projected.path}` : undefined,
    expirationSeconds: projected.expirationSeconds,
    audience: projected.audience,
    refreshAfterSeconds: projected.refreshAfterSeconds,
  };
  if (pod.phase === 'Running' && pod.nodeName) return { mode: 'kubelet', pod, source, token: null };

  const token = await mintToken(clients, session, {
    namespace,
    serviceAccount: pod.serviceAccount,
    expirationSeconds: projected.expirationSeconds,
    audiences: projected.audience ? [projected.audience] : undefined,
    boundObjectRef: { kind: 'Pod', name: pod.name, uid: pod.uid },
  });
  return { mode: 'simulated', pod, source, token };
}
