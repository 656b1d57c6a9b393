import 'server-only';
import {
  type ConfigurationOptions,
  Observable,
  type ObservableMiddleware,
  type V1ObjectMeta,
} from '@kubernetes/client-node';
import {
  BOUND_OBJECT_LIMIT,
  type BoundKind,
  type BoundObjectCandidate,
  type BoundObjectList,
} from '@/lib/contracts/bound-objects';
import { AppError } from '@/lib/contracts/errors';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';

/**
 * A metadata-only list (what `kubectl get secrets` asks for): the API server sends each object's
 * metadata and nothing else, so a Secret's data never reaches Tokenscope, not even its memory.
 */
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

// The typed (object-parameter) API runs per-call middleware in its Observable form.
const metadataOnly: ObservableMiddleware = {
  pre: (ctx) => {
    ctx.setHeaderParam('Accept', METADATA_ONLY);
    return new Observable(Promise.resolve(ctx));
  },
  post: (ctx) => new Observable(Promise.resolve(ctx)),
};
const metadataOptions: ConfigurationOptions = {
  middleware: [metadataOnly],
  middlewareMergeStrategy: 'append',
};

const resources: Record<BoundKind, string> = { Pod: 'pods', Secret: 'secrets', Node: 'nodes' };

function toCandidate(
  kind: BoundKind,
  meta: V1ObjectMeta | undefined,
  serviceAccount?: string,
): BoundObjectCandidate {
  const out: BoundObjectCandidate = { kind, name: meta?.name ?? '', uid: meta?.uid ?? '' };
  if (meta?.namespace) out.namespace = meta.namespace;
  if (meta?.creationTimestamp) out.createdAt = new Date(meta.creationTimestamp).toISOString();
  if (serviceAccount) out.serviceAccount = serviceAccount;
  return out;
}

/** The API server's 403 names the user; the hint names the permission the picker needs. */
function withPermissionHint(err: unknown, kind: BoundKind, namespace: string): unknown {
  if (!(err instanceof AppError) || err.code !== 'forbidden:kube') return err;
  const where =
    kind === 'Node'
      ? 'cluster-wide (a ClusterRole bound by a ClusterRoleBinding)'
      : `in namespace ${namespace}`;
  return new AppError(err.code, err.detail, {
    status: err.status,
    hints: [
      `Listing needs the list verb on ${resources[kind]} ${where}. You can still type the name by hand.`,
    ],
  });
}

/**
 * Objects a token may be bound to, as the given clients' identity: the Pods or Secrets of a
 * namespace, or the cluster's Nodes; at most BOUND_OBJECT_LIMIT, metadata only for Secrets and
 * Nodes. Throws mapped AppErrors (`forbidden:kube` with a hint naming the missing permission).
 */
export async function listBoundObjects(
  clients: KubeClients,
  namespace: string,
  kind: BoundKind,
): Promise<BoundObjectList> {
  const limit = BOUND_OBJECT_LIMIT;
  try {
    if (kind === 'Pod') {
      // Full pods (bounded): the picker warns about pods running as another ServiceAccount.
      const pods = await kubeCall(clients.server, () => clients.core.listNamespacedPod({ namespace, limit }));
      return {
        items: pods.items.map((p) => toCandidate('Pod', p.metadata, p.spec?.serviceAccountName)),
        truncated: Boolean(pods.metadata?._continue),
      };
    }
    const list =
      kind === 'Secret'
        ? await kubeCall(clients.server, () =>
            clients.core.listNamespacedSecret({ namespace, limit }, metadataOptions),
          )
        : await kubeCall(clients.server, () => clients.core.listNode({ limit }, metadataOptions));
    return {
      // An empty PartialObjectMetadataList says `"items": null` (a nil Go slice), despite the type.
      items: (list.items ?? []).map((o) => toCandidate(kind, o.metadata)),
      truncated: Boolean(list.metadata?._continue),
    };
  } catch (err) {
    throw withPermissionHint(err, kind, namespace);
  }
}
