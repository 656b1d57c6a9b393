import 'server-only';
import type { AccessRequest, CanIResult, Permissions, ReachingBinding } from '@/lib/contracts/rbac';
import type { ServiceAccountDetail } from '@/lib/contracts/serviceaccounts';
import { explain } from '@/lib/rbac/explain';
import { serviceAccountUser } from '@/lib/rbac/identity';
import { bindingsFor, effectivePermissions, type UserBinding } from '@/lib/rbac/permissions';
import { privilegeWarnings } from '@/lib/rbac/privileges';
import { whoCan } from '@/lib/rbac/who-can';
import type { KubeClients } from './clients';
import { rbacSnapshot } from './rbac';
import { subjectAccessReview, toRequestAttributes } from './reviews';
import { readLegacyTokens } from './secrets';
import { listPodsRunningAs } from './serviceaccount-pods';
import { readServiceAccount, withRbac } from './serviceaccounts';

const viaOf: Record<string, ReachingBinding['via']> = {
  Group: 'group',
  ServiceAccount: 'serviceaccount',
  User: 'user',
};

function toReachingBinding(b: UserBinding): ReachingBinding {
  return {
    binding: b.binding,
    role: b.role,
    roleFound: b.roleFound,
    namespace: b.namespace,
    subject: b.subject,
    via: viaOf[b.subject.kind] ?? 'user',
    rules: b.rules,
    aggregated: b.aggregationRule !== undefined,
  };
}

async function assemble(clients: KubeClients, namespace: string, name: string) {
  const record = await readServiceAccount(clients, namespace, name);
  const [snapshot, pods, legacy] = await Promise.all([
    rbacSnapshot(clients, { fresh: true }),
    listPodsRunningAs(clients, namespace, name),
    readLegacyTokens(clients, namespace, name),
  ]);
  const { index } = snapshot;
  const user = serviceAccountUser(namespace, name);
  const mintAttrs = {
    verb: 'create',
    group: '',
    resource: 'serviceaccounts',
    subresource: 'token',
    namespace,
    name,
  };
  const detail: ServiceAccountDetail = {
    summary: withRbac(
      {
        ...record.summary,
        podCount: pods.length,
        legacyTokenCount: legacy.tokens.length,
        ...(legacy.unreadable ? { legacyTokensUnreadable: legacy.unreadable } : {}),
      },
      index,
    ),
    user,
    labels: record.labels,
    imagePullSecrets: record.imagePullSecrets,
    bindings: bindingsFor(index, user).map(toReachingBinding),
    pods,
    legacyTokens: legacy.tokens,
    warnings: privilegeWarnings(index, user),
    mintableBy: whoCan(index, mintAttrs, { includeSuperuser: false }).map((e) => ({
      subject: e.subject,
      grantedBy: e.grants,
    })),
  };
  return { detail, index, user };
}

/**
 * Everything the detail page shows about one ServiceAccount: the bindings reaching it (directly and
 * through its groups) with their rules, pods running as it with their projected tokens, legacy
 * token Secrets, privilege warnings and who may mint tokens for it. RBAC is read fresh.
 * Throws mapped AppErrors (`not-found:kube` for an unknown ServiceAccount).
 */
export async function readServiceAccountDetail(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<ServiceAccountDetail> {
  return (await assemble(clients, namespace, name)).detail;
}

/** The detail and the effective permissions from one RBAC snapshot, for the detail page. */
export async function readServiceAccountView(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<{ detail: ServiceAccountDetail; permissions: Permissions }> {
  const { detail, index, user } = await assemble(clients, namespace, name);
  return { detail, permissions: effectivePermissions(index, user) };
}

/**
 * Every rule the ServiceAccount holds, merged across bindings, each naming the bindings and roles
 * that grant it (the shape of DESIGN.md). Throws mapped AppErrors (`not-found:kube`).
 */
export async function readServiceAccountPermissions(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<Permissions> {
  await readServiceAccount(clients, namespace, name);
  const { index } = await rbacSnapshot(clients, { fresh: true });
  return effectivePermissions(index, serviceAccountUser(namespace, name));
}

/**
 * Asks the API server (SubjectAccessReview with the ServiceAccount's username and groups) and the
 * local engine, on a fresh snapshot, whether the ServiceAccount may make the request; `agree`
 * reports whether both said the same. Throws mapped AppErrors (`not-found:kube`).
 */
export async function canServiceAccount(
  clients: KubeClients,
  namespace: string,
  name: string,
  request: AccessRequest,
): Promise<CanIResult> {
  await readServiceAccount(clients, namespace, name);
  const user = serviceAccountUser(namespace, name);
  const attrs = toRequestAttributes(request);
  // Snapshot first, review second: a change in between shows as a disagreement, never hides one.
  const { index } = await rbacSnapshot(clients, { fresh: true });
  const review = await subjectAccessReview(clients, user, attrs);
  const engine = explain(index, user, attrs, { limit: 10 });
  return { user, request, review, engine, agree: review.allowed === engine.allowed };
}
