import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import { buildRbacGraph, type GraphFocus, type RbacGraph } from '@/lib/rbac/graph';
import type { KubeClients } from './clients';
import { rbacSnapshot } from './rbac';
import { listPodsRunningAs } from './serviceaccount-pods';

export interface RbacGraphView {
  graph: RbacGraph;
  /** Why the pods of a ServiceAccount are not drawn, when they could not be listed. */
  podsProblem?: string;
}

/**
 * The RBAC graph of a subject, role or namespace from the RBAC index as these clients (the caller),
 * with the pods that run as a ServiceAccount. Throws mapped AppErrors when RBAC cannot be read; a
 * pod list the caller may not read only leaves the pods out, and says so.
 */
export async function readRbacGraph(clients: KubeClients, focus: GraphFocus): Promise<RbacGraphView> {
  let pods: string[] = [];
  let podsProblem: string | undefined;
  if (focus.kind === 'subject' && focus.subject.kind === 'ServiceAccount') {
    const { namespace = '', name } = focus.subject;
    try {
      pods = (await listPodsRunningAs(clients, namespace, name)).map((p) => p.name).sort();
    } catch (err) {
      podsProblem = err instanceof AppError ? err.detail : 'The pods could not be listed.';
    }
  }
  const { index } = await rbacSnapshot(clients);
  // The watch-fed index is patched in place: read it without awaiting in between.
  const graph = buildRbacGraph(index, focus, { pods });
  return podsProblem === undefined ? { graph } : { graph, podsProblem };
}
