import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import type { BindingsPage } from '@/lib/contracts/rbac-bindings';
import type { BindingsQuery } from '@/lib/contracts/rbac-bindings.schema';
import {
  type BindingFilter,
  type BindingsModel,
  buildBindingsModel,
  filterBindings,
  pageAfter,
  parseBindingsCursor,
  type RuleWithSource,
  rulesWithSources,
} from '@/lib/rbac/bindings';
import { type DanglingBinding, findHygiene, type ServiceAccountName } from '@/lib/rbac/hygiene';
import { serviceAccountSubjectNamespace } from '@/lib/rbac/identity';
import { bindingId, type RbacIndex, resolveRole } from '@/lib/rbac/rbac-index';
import type { Binding, BindingKind, Role, RoleKind, Subject } from '@/lib/rbac/types';
import { metadataOptions } from './bound-objects';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';
import { eachPage } from './paging';
import { rbacSnapshot, SNAPSHOT_TTL_MS } from './rbac';
import { liveRbacGeneration } from './rbac-freshness';
import { serviceAccountsGeneration } from './serviceaccount-freshness';

/** Something that could not be read, said in a sentence, so a finding is not silently missing. */
export interface Unread {
  what: string;
  detail: string;
}

export interface BindingsHygiene {
  dangling: DanglingBinding[];
  /** Undefined when ServiceAccounts or pods could not be read; `unread` says which. */
  unusedServiceAccounts?: ServiceAccountName[];
  unread: Unread[];
}

const detailOf = (err: unknown): string =>
  err instanceof AppError ? err.detail : 'Unexpected error while reading the cluster.';

/**
 * Every ServiceAccount's namespace and name, in pages of 500, as metadata only (the API server
 * leaves out secrets and image pull secrets, and client-node has less to decode).
 */
export async function listServiceAccountNames(clients: KubeClients): Promise<ServiceAccountName[]> {
  const out: ServiceAccountName[] = [];
  await eachPage(
    clients.server,
    (token) =>
      clients.core.listServiceAccountForAllNamespaces({ limit: 500, _continue: token }, metadataOptions),
    (items) => {
      for (const sa of items) {
        const { namespace, name } = sa.metadata ?? {};
        if (namespace && name) out.push({ namespace, name });
      }
    },
  );
  return out;
}

type Settled<T> = { ok: true; v: T } | { ok: false; e: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );

interface NamesEntry {
  key: unknown;
  at: number;
  /** The ServiceAccounts watch's generation when the list began; undefined without the watch. */
  generation?: number;
  promise: Promise<Settled<ServiceAccountName[]>>;
}
let namesCache: NamesEntry | undefined;

/**
 * The ServiceAccount names the bindings browser checks subjects against. While the live watch of
 * ServiceAccounts runs as these clients' identity, a list stays in use until the watch sees a
 * change (lib/kube/serviceaccount-freshness.ts); otherwise it is shared for SNAPSHOT_TTL_MS by the
 * requests of one identity (a page of rows, the next page, the hygiene section streamed after
 * them). Keyed by the identity string, or by the clients object for a signed-in user's token.
 */
function serviceAccountNames(clients: KubeClients): Promise<Settled<ServiceAccountName[]>> {
  const key = clients.identity === 'token' ? clients : clients.identity;
  const now = Date.now();
  const generation = serviceAccountsGeneration(clients.identity);
  const c = namesCache;
  if (
    c &&
    c.key === key &&
    ((generation !== undefined && c.generation === generation) || now - c.at < SNAPSHOT_TTL_MS)
  )
    return c.promise;
  const entry: NamesEntry = { key, at: now, promise: settle(listServiceAccountNames(clients)) };
  if (generation !== undefined) entry.generation = generation;
  namesCache = entry;
  // A failure is answered once, not cached.
  void entry.promise.then((r) => {
    if (!r.ok && namesCache === entry) namesCache = undefined;
  });
  return entry.promise;
}

/** Pods per `namespace/serviceAccount` across the cluster (no serviceAccountName means `default`). */
export async function countPodsPerServiceAccount(clients: KubeClients): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await eachPage(
    clients.server,
    (token) => clients.core.listPodForAllNamespaces({ limit: 500, _continue: token }),
    (pods) => {
      for (const p of pods) {
        const key = `${p.metadata?.namespace ?? ''}/${p.spec?.serviceAccountName || 'default'}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    },
  );
  return counts;
}

interface ModelEntry {
  generation: number;
  index: RbacIndex;
  sas: Settled<ServiceAccountName[]>;
  model: BindingsModel;
  danglingTotal: number;
}
let modelCache: ModelEntry | undefined;

/**
 * Every binding as a row, dangling ones marked. Built afresh (~10,000 rows sorted) unless the
 * watch-fed index has not moved since the last build for the same ServiceAccount list: then each
 * filter request only filters and pages. Read synchronously: the live index is patched in place.
 */
function modelOf(
  clients: KubeClients,
  index: RbacIndex,
  sas: Settled<ServiceAccountName[]>,
): { model: BindingsModel; danglingTotal: number } {
  const generation = liveRbacGeneration(clients);
  const c = modelCache;
  if (c && generation !== undefined && c.generation === generation && c.index === index && c.sas === sas)
    return c;
  const { missingSubjects } = findHygiene(index, sas.ok ? sas.v : undefined, undefined);
  const model = buildBindingsModel(index, missingSubjects);
  let danglingTotal = 0;
  for (const r of model.rows) if (r.dangling) danglingTotal++;
  if (generation !== undefined) modelCache = { generation, index, sas, model, danglingTotal };
  return { model, danglingTotal };
}

/** The filters of a `GET /api/rbac/bindings` query. */
export function filterOf(query: BindingsQuery): BindingFilter {
  return {
    ns: query.namespace ?? '',
    subjectKind: query.subjectKind ?? '',
    subject: query.subject ?? '',
    role: query.role ?? '',
    verb: query.grantVerb ?? '',
    resource: query.grantResource ?? '',
    danglingOnly: query.dangling === '1',
  };
}

/**
 * One page of the bindings the caller may list, filtered on the server: RBAC from the watch-fed index
 * (or a listed snapshot), ServiceAccount subjects checked against the caller's ServiceAccount list.
 * When ServiceAccounts cannot be read, rows flag only missing roles and `subjectsUnchecked` says why.
 * `namespaces` adds the namespaces that hold bindings (for the page's filter). Throws mapped
 * AppErrors (`invalid:request` for a continue token that is not one of ours).
 */
export async function bindingsPage(
  clients: KubeClients,
  query: { filter: BindingFilter; limit: number; continue?: string },
): Promise<BindingsPage & { namespaces: string[] }> {
  const after = query.continue === undefined ? undefined : parseBindingsCursor(query.continue);
  if (query.continue !== undefined && !after)
    throw new AppError('invalid:request', 'query.continue: not a continue token from this API.');
  const [snapshot, sas] = await Promise.all([
    rbacSnapshot(clients, { fresh: query.continue === undefined }),
    serviceAccountNames(clients),
  ]);
  const { model, danglingTotal } = modelOf(clients, snapshot.index, sas);
  const rows = filterBindings(model, query.filter);
  let danglingMatched = 0;
  for (const r of rows) if (r.dangling) danglingMatched++;
  const page = pageAfter(rows, query.limit, after);
  const out: BindingsPage & { namespaces: string[] } = {
    items: page.items,
    matched: rows.length,
    danglingMatched,
    total: model.rows.length,
    danglingTotal,
    roleCount: model.roleCount,
    clusterRoleCount: model.clusterRoleCount,
    namespaces: model.namespaces,
  };
  if (!sas.ok) out.subjectsUnchecked = detailOf(sas.e);
  if (page.continue) out.continue = page.continue;
  return out;
}

/**
 * The hygiene findings: dangling bindings and ServiceAccounts nothing binds and no pod runs as.
 * ServiceAccounts and pods are listed as the caller; when either is refused the findings that need
 * it are left out and `unread` says why. Throws mapped AppErrors for RBAC itself.
 */
export async function bindingsHygiene(clients: KubeClients): Promise<BindingsHygiene> {
  const [snapshot, sas, pods] = await Promise.all([
    rbacSnapshot(clients),
    serviceAccountNames(clients),
    settle(countPodsPerServiceAccount(clients)),
  ]);
  const unread: Unread[] = [];
  if (!sas.ok) unread.push({ what: 'ServiceAccounts', detail: detailOf(sas.e) });
  if (!pods.ok) unread.push({ what: 'pods', detail: detailOf(pods.e) });
  const hygiene = findHygiene(snapshot.index, sas.ok ? sas.v : undefined, pods.ok ? pods.v : undefined);
  const out: BindingsHygiene = { dangling: hygiene.dangling, unread };
  if (hygiene.unusedServiceAccounts) out.unusedServiceAccounts = hygiene.unusedServiceAccounts;
  return out;
}

/** Whether a subject exists: ServiceAccounts are looked up; Users and Groups are not API objects. */
export type SubjectCheck =
  | { state: 'exists' }
  | { state: 'missing' }
  | { state: 'unchecked'; reason: string };

export interface SubjectView {
  subject: Subject;
  /** The ServiceAccount's namespace after defaulting to the binding's (ServiceAccounts only). */
  namespace?: string;
  check: SubjectCheck;
}

export interface RoleView {
  role: Role;
  rules: RuleWithSource[];
  /** Bindings referencing this role (for a ClusterRole, from any namespace). */
  boundBy: { kind: BindingKind; namespace?: string; name: string }[];
}

export interface BindingView {
  binding: Binding;
  subjects: SubjectView[];
  /** Undefined when the roleRef does not resolve. */
  role?: RoleView;
}

async function checkServiceAccount(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<SubjectCheck> {
  try {
    await kubeCall(clients.server, () => clients.core.readNamespacedServiceAccount({ namespace, name }));
    return { state: 'exists' };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not-found:kube') return { state: 'missing' };
    return { state: 'unchecked', reason: `could not be looked up: ${detailOf(err)}` };
  }
}

function roleView(index: RbacIndex, role: Role): RoleView {
  const boundBy: RoleView['boundBy'] = [];
  for (const { binding, scope } of index.bindings.values()) {
    if (binding.roleRef.kind !== role.kind || binding.roleRef.name !== role.name) continue;
    if (role.kind === 'Role' && scope !== role.namespace) continue;
    boundBy.push(
      binding.kind === 'RoleBinding'
        ? { kind: binding.kind, namespace: scope ?? '', name: binding.name }
        : { kind: binding.kind, name: binding.name },
    );
  }
  boundBy.sort(
    (a, b) => (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name),
  );
  return { role, rules: rulesWithSources(role, index.clusterRoles.values()), boundBy };
}

/**
 * One binding with its subjects checked (ServiceAccounts read as the caller) and its role's rules
 * with their aggregation sources. Undefined when the binding does not exist. Throws mapped AppErrors.
 */
export async function readBindingView(
  clients: KubeClients,
  kind: BindingKind,
  namespace: string | undefined,
  name: string,
): Promise<BindingView | undefined> {
  const { index } = await rbacSnapshot(clients, { fresh: true });
  const entry = index.bindings.get(
    bindingId(kind === 'RoleBinding' ? { kind, namespace, name } : { kind, name }),
  );
  if (!entry) return undefined;
  const { binding } = entry;
  const scope = entry.scope ?? '';
  const role = resolveRole(index, binding.roleRef, scope);
  // Read the role's view before awaiting: the watch-fed index is patched in place.
  const view: BindingView = { binding, subjects: [] };
  if (role) view.role = roleView(index, role);
  view.subjects = await Promise.all(
    binding.subjects.map(async (subject): Promise<SubjectView> => {
      if (subject.kind === 'User')
        return {
          subject,
          check: {
            state: 'unchecked',
            reason: 'Users are not Kubernetes objects: any authenticator may assert one',
          },
        };
      if (subject.kind === 'Group')
        return {
          subject,
          check: {
            state: 'unchecked',
            reason: 'Groups are not Kubernetes objects: membership comes from authentication',
          },
        };
      const ns = serviceAccountSubjectNamespace(subject, scope);
      if (!ns) return { subject, check: { state: 'missing' } };
      return { subject, namespace: ns, check: await checkServiceAccount(clients, ns, subject.name) };
    }),
  );
  return view;
}

/** One Role or ClusterRole with its rules' sources and the bindings that use it; undefined when missing. */
export async function readRoleView(
  clients: KubeClients,
  kind: RoleKind,
  namespace: string | undefined,
  name: string,
): Promise<RoleView | undefined> {
  const { index } = await rbacSnapshot(clients, { fresh: true });
  const role = resolveRole(index, { kind, name }, namespace ?? '');
  return role ? roleView(index, role) : undefined;
}
