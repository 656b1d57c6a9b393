import 'server-only';
import { type KubernetesObject, PatchStrategy } from '@kubernetes/client-node';
import { AppError } from '@/lib/contracts/errors';
import type {
  ProposedRole,
  ReplayResult,
  UnusedGrantCheck,
  UsedRequest,
} from '@/lib/contracts/least-privilege';
import { FIELD_MANAGER } from '@/lib/contracts/scenarios';
import { apiPath } from '@/lib/k8s/api-paths';
import { describeRequest } from '@/lib/rbac/audit-use';
import { LEAST_PRIVILEGE_LABEL, proposalObjects, requestAttributes } from '@/lib/rbac/least-privilege';
import type { KubeClients } from './clients';
import { kubeCall, kubeStatusOf } from './errors';
import { rawGet } from './raw';
import { selfSubjectAccessReview } from './reviews';

/** Namespace label beside LEAST_PRIVILEGE_LABEL (the account's name alone is not unique). */
export const LEAST_PRIVILEGE_NS_LABEL = 'tokenscope.dev/least-privilege-ns';

export function copyLabels(namespace: string, serviceAccount: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'tokenscope',
    [LEAST_PRIVILEGE_LABEL]: serviceAccount.slice(0, 63).replace(/[-._]+$/, ''),
    [LEAST_PRIVILEGE_NS_LABEL]: namespace,
  };
}

function selector(namespace: string, serviceAccount: string): string {
  return Object.entries(copyLabels(namespace, serviceAccount))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

async function readOrNull(clients: KubeClients, o: KubernetesObject): Promise<KubernetesObject | null> {
  try {
    return await clients.objects.read({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: { name: o.metadata?.name ?? '', namespace: o.metadata?.namespace ?? '' },
    });
  } catch (err) {
    if (kubeStatusOf(err)?.code === 404) return null;
    throw err;
  }
}

const refText = (o: KubernetesObject) =>
  `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;

/**
 * Creates (server-side apply, as the given clients) the copy ServiceAccount and the proposed Roles
 * and bindings bound to it, all labelled as Tokenscope's. An object of the same name that Tokenscope
 * did not make is never touched: the call fails with conflict:kube before changing anything.
 */
export async function applyCopy(
  clients: KubeClients,
  original: { namespace: string; name: string },
  copy: string,
  roles: readonly ProposedRole[],
): Promise<string[]> {
  const labels = copyLabels(original.namespace, original.name);
  const objects: KubernetesObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: copy,
        namespace: original.namespace,
        labels,
        annotations: { 'tokenscope.dev/least-privilege-copy-of': `${original.namespace}/${original.name}` },
      },
      automountServiceAccountToken: false,
    } as KubernetesObject,
  ];
  for (const pair of proposalObjects(roles, { namespace: original.namespace, name: copy }, labels)) {
    objects.push(pair.role as KubernetesObject, pair.binding as KubernetesObject);
  }
  const labelKey = LEAST_PRIVILEGE_LABEL;
  for (const o of objects) {
    const existing = await kubeCall(clients.server, () => readOrNull(clients, o));
    if (existing && existing.metadata?.labels?.[labelKey] !== labels[labelKey]) {
      throw new AppError(
        'conflict:kube',
        `${refText(o)} exists and was not made by Tokenscope's least-privilege loop; it was left alone.`,
      );
    }
  }
  const applied: string[] = [];
  for (const o of objects) {
    await kubeCall(clients.server, () =>
      clients.objects.patch(o, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply),
    );
    applied.push(refText(o));
  }
  return applied;
}

/** Whether the copy ServiceAccount exists (and is Tokenscope's). */
export async function copyExists(
  clients: KubeClients,
  namespace: string,
  copy: string,
  original: string,
): Promise<boolean> {
  try {
    const sa = await clients.core.readNamespacedServiceAccount({ namespace, name: copy });
    return (
      sa.metadata?.labels?.[LEAST_PRIVILEGE_LABEL] === copyLabels(namespace, original)[LEAST_PRIVILEGE_LABEL]
    );
  } catch (err) {
    if (kubeStatusOf(err)?.code === 404) return false;
    throw err;
  }
}

/**
 * Deletes everything the loop made for this account: objects carrying its labels (bindings and roles
 * in every namespace, cluster-wide ones, the copy account). Returns what was deleted.
 */
export async function deleteCopy(
  clients: KubeClients,
  namespace: string,
  original: string,
): Promise<string[]> {
  const labelSelector = selector(namespace, original);
  const deleted: string[] = [];
  const call = <T>(f: () => Promise<T>) => kubeCall(clients.server, f);
  const crbs = await call(() => clients.rbac.listClusterRoleBinding({ labelSelector }));
  for (const o of crbs.items) {
    await call(() => clients.rbac.deleteClusterRoleBinding({ name: o.metadata?.name ?? '' }));
    deleted.push(`ClusterRoleBinding ${o.metadata?.name}`);
  }
  const crs = await call(() => clients.rbac.listClusterRole({ labelSelector }));
  for (const o of crs.items) {
    await call(() => clients.rbac.deleteClusterRole({ name: o.metadata?.name ?? '' }));
    deleted.push(`ClusterRole ${o.metadata?.name}`);
  }
  const rbs = await call(() => clients.rbac.listRoleBindingForAllNamespaces({ labelSelector }));
  for (const o of rbs.items) {
    await call(() =>
      clients.rbac.deleteNamespacedRoleBinding({
        name: o.metadata?.name ?? '',
        namespace: o.metadata?.namespace ?? '',
      }),
    );
    deleted.push(`RoleBinding ${o.metadata?.namespace}/${o.metadata?.name}`);
  }
  const rs = await call(() => clients.rbac.listRoleForAllNamespaces({ labelSelector }));
  for (const o of rs.items) {
    await call(() =>
      clients.rbac.deleteNamespacedRole({
        name: o.metadata?.name ?? '',
        namespace: o.metadata?.namespace ?? '',
      }),
    );
    deleted.push(`Role ${o.metadata?.namespace}/${o.metadata?.name}`);
  }
  const sas = await call(() => clients.core.listNamespacedServiceAccount({ namespace, labelSelector }));
  for (const o of sas.items) {
    await call(() =>
      clients.core.deleteNamespacedServiceAccount({ name: o.metadata?.name ?? '', namespace }),
    );
    deleted.push(`ServiceAccount ${namespace}/${o.metadata?.name}`);
  }
  return deleted;
}

/** Reads are sent for real; everything else is only asked about (SelfSubjectAccessReview). */
const REPLAYED_FOR_REAL = new Set(['get', 'list']);

function requestPath(q: UsedRequest): string {
  if (q.path !== null) return q.path;
  const base = apiPath({
    group: q.group,
    version: q.version || undefined,
    resource: q.resource,
    namespace: q.namespace ?? undefined,
    name: q.name ?? undefined,
  });
  const sub = q.subresource ? `/${q.subresource}` : '';
  return q.verb === 'list' ? `${base}${sub}?limit=1` : `${base}${sub}`;
}

/**
 * Replays each recorded request with the copy's clients: GET/LIST for real (the status the API server
 * answers), anything else (writes, watch, TokenRequests…) through a SelfSubjectAccessReview made with the
 * copy's token, so nothing is changed. A 404 (object gone since) still proves the request was authorized.
 */
export async function replay(
  copyClients: KubeClients,
  requests: readonly UsedRequest[],
): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for (const q of requests) {
    const realGet = REPLAYED_FOR_REAL.has(q.verb) && (q.path !== null ? q.verb === 'get' : true);
    if (realGet) {
      const path = requestPath(q);
      const res = await rawGet(copyClients, path);
      const ok = res.status !== 401 && res.status !== 403 && (res.status < 400 || res.status === 404);
      results.push({ request: q, method: 'request', status: res.status, ok, detail: `GET ${path}` });
    } else {
      const verdict = await selfSubjectAccessReview(copyClients, requestAttributes(q));
      results.push({
        request: q,
        method: 'access-review',
        status: verdict.allowed ? 200 : 403,
        ok: verdict.allowed,
        detail: `SelfSubjectAccessReview: ${describeRequest(q)}`,
      });
    }
  }
  return results;
}

/** For each unused grant (as one representative request), asks as the copy whether it is still allowed. */
export async function checkUnusedGone(
  copyClients: KubeClients,
  probes: readonly { description: string; request: UsedRequest }[],
): Promise<UnusedGrantCheck[]> {
  const out: UnusedGrantCheck[] = [];
  for (const p of probes) {
    const verdict = await selfSubjectAccessReview(copyClients, requestAttributes(p.request));
    out.push({ description: p.description, gone: !verdict.allowed });
  }
  return out;
}
