import 'server-only';
import {
  type ConfigurationOptions,
  Observable,
  type ObservableMiddleware,
  type V1Node,
  type V1ObjectMeta,
  type V1Secret,
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
 * A metadata-only list (what `kubectl get secrets` asks for): the API server leaves out each
 * object's data, spec and status, but still sends all of its metadata, annotations and
 * managedFields included. A Secret created with `kubectl apply` carries its full data in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, so that data does pass through
 * this process's memory for the length of the request; toCandidate keeps only name, uid, namespace
 * and creation time, and nothing else of the metadata is kept or returned.
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
/** Per-call options that make a typed list call ask for metadata only (PartialObjectMetadataList). */
export const metadataOptions: ConfigurationOptions = {
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

/** What a metadata-only list answered, with the evidence that it really was metadata only. */
export interface MetadataListing {
  /** `PartialObjectMetadataList` when the API server honoured the metadata-only Accept header. */
  listKind: string;
  /** Item fields the API server sent besides apiVersion, kind and metadata (a full list sends `data`). */
  extraFields: string[];
  list: BoundObjectList;
}

const envelope = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Lists a namespace's Secrets or the cluster's Nodes by metadata only (at most BOUND_OBJECT_LIMIT),
 * keeping only each candidate's identity. Throws mapped AppErrors.
 */
export async function listByMetadata(
  clients: KubeClients,
  namespace: string,
  kind: 'Secret' | 'Node',
): Promise<MetadataListing> {
  const limit = BOUND_OBJECT_LIMIT;
  const raw =
    kind === 'Secret'
      ? await kubeCall(clients.server, () =>
          clients.core.listNamespacedSecret({ namespace, limit }, metadataOptions),
        )
      : await kubeCall(clients.server, () => clients.core.listNode({ limit }, metadataOptions));
  // An empty PartialObjectMetadataList says `"items": null` (a nil Go slice), despite the type.
  const items: (V1Secret | V1Node)[] = raw.items ?? [];
  return {
    listKind: raw.kind ?? '',
    extraFields: [...new Set(items.flatMap((o) => Object.keys(o).filter((k) => !envelope.has(k))))],
    list: {
      items: items.map((o) => toCandidate(kind, o.metadata)),
      truncated: Boolean(raw.metadata?._continue),
    },
  };
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
    return (await listByMetadata(clients, namespace, kind)).list;
  } catch (err) {
    throw withPermissionHint(err, kind, namespace);
  }
}
