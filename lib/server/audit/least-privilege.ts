import 'server-only';
import { access } from 'node:fs/promises';
import { AppError } from '@/lib/contracts/errors';
import type { LeastPrivilegeReplay, LeastPrivilegeReport } from '@/lib/contracts/least-privilege';
import { serviceAccountUsername } from '@/lib/k8s/serviceaccount-identity';
import type { KubeClients } from '@/lib/kube/clients';
import { clientsForToken } from '@/lib/kube/clients';
import { dashboardKubeConfig } from '@/lib/kube/config';
import { selfSubjectReview } from '@/lib/kube/identity';
import { applyCopy, checkUnusedGone, copyExists, deleteCopy, replay } from '@/lib/kube/least-privilege';
import { readServiceAccountPermissions } from '@/lib/kube/serviceaccount-detail';
import { requestToken } from '@/lib/kube/tokens';
import { copyName, grantUse, propose, unusedProbes } from '@/lib/rbac/least-privilege';
import { env } from '@/lib/server/env';
import { readUse } from './read';

export const AUDIT_HOWTO =
  "Set TOKENSCOPE_AUDIT_LOG to the API server's audit log file (kube-apiserver --audit-log-path, JSON format, a policy recording at least Metadata for the system:serviceaccounts group). `npm run demo` and the tests set it for the local control plane.";

/**
 * The audit log to read for cluster `context` (the current context when omitted). TOKENSCOPE_AUDIT_LOG
 * is one file, of the cluster Tokenscope was started on: another context's pages never read it.
 */
export async function auditState(context?: string): Promise<{ path: string } | { reason: string }> {
  const current = dashboardKubeConfig().source.context;
  if (context !== undefined && context !== current) {
    return {
      reason: `The audit log Tokenscope reads (TOKENSCOPE_AUDIT_LOG) is the one of cluster “${current}”, the kubeconfig’s current context; cluster “${context}” has no audit log configured here. Start Tokenscope with TOKENSCOPE_CONTEXT=${context} and that cluster’s audit log to see it.`,
    };
  }
  const path = env().auditLog;
  if (!path) return { reason: `No audit log is configured. ${AUDIT_HOWTO}` };
  try {
    await access(path);
    return { path };
  } catch {
    return {
      reason: `TOKENSCOPE_AUDIT_LOG names ${path}, which Tokenscope cannot read (missing, or no permission). ${AUDIT_HOWTO}`,
    };
  }
}

/** Granted vs used for one ServiceAccount over the last `windowSeconds`, and the minimal proposal. */
export async function leastPrivilegeReport(
  clients: KubeClients,
  namespace: string,
  name: string,
  windowSeconds: number,
): Promise<LeastPrivilegeReport> {
  const to = Date.now();
  const from = to - windowSeconds * 1000;
  // Reading permissions first also checks the account exists and the caller may read it.
  const permissions = await readServiceAccountPermissions(clients, namespace, name);
  const state = await auditState(clients.context);
  const copy = copyName(name);
  const exists = await copyExists(clients, namespace, copy, name);
  const base = {
    namespace,
    serviceAccount: name,
    windowSeconds,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    copy: { name: copy, exists },
  };
  if ('reason' in state) {
    return {
      ...base,
      audit: { configured: false, reason: state.reason },
      used: [],
      denied: [],
      granted: grantUse(permissions.rules, []),
      proposal: propose({ namespace, name }, []),
    };
  }
  const { used, denied, stats } = await readUse(
    state.path,
    serviceAccountUsername(namespace, name),
    from,
    to,
  );
  return {
    ...base,
    audit: { configured: true, stats },
    used,
    denied,
    granted: grantUse(permissions.rules, used),
    proposal: propose({ namespace, name }, used),
  };
}

/** Lifetime of the copy's token: long enough for the replay, never kept. */
const COPY_TOKEN_SECONDS = 600;

/**
 * The loop: apply the proposal to a copy account, mint a token for the copy (as the caller), replay
 * every recorded allowed request with it, and check the unused grants are gone. The token lives only
 * in this call's memory. Refused in read-only mode.
 */
export async function runLeastPrivilegeLoop(
  clients: KubeClients,
  namespace: string,
  name: string,
  windowSeconds: number,
): Promise<LeastPrivilegeReplay> {
  if (env().readOnly)
    throw new AppError(
      'forbidden:read-only',
      'Tokenscope runs read-only (TOKENSCOPE_READ_ONLY): it will not create the copy account. Apply the YAML yourself instead.',
    );
  const report = await leastPrivilegeReport(clients, namespace, name, windowSeconds);
  if (!report.audit.configured) throw new AppError('unavailable:server', report.audit.reason);
  if (report.used.length === 0)
    throw new AppError(
      'invalid:request',
      'No allowed request by this ServiceAccount in the window: nothing to replay. Make some requests with its token first.',
    );
  const copy = report.copy.name;
  const applied = await applyCopy(clients, { namespace, name }, copy, report.proposal.roles);
  const issued = await requestToken(clients, {
    namespace,
    serviceAccount: copy,
    expirationSeconds: COPY_TOKEN_SECONDS,
  });
  const copyClients = clientsForToken(issued.token, clients.context);
  const who = await selfSubjectReview(copyClients);
  // RBAC changes reach the authorizer through its informer: wait (briefly) until the first request is allowed.
  let results = await replay(copyClients, report.used);
  for (let i = 0; i < 20 && results.some((r) => !r.ok); i++) {
    await new Promise((r) => setTimeout(r, 250));
    results = await replay(copyClients, report.used);
  }
  const unused = unusedProbes(report.granted);
  const goneChecks = await checkUnusedGone(copyClients, unused);
  return {
    copy: { namespace, name: copy },
    applied,
    tokenUser: who.username,
    results,
    failures: results.filter((r) => !r.ok).length,
    unusedGrants: goneChecks,
  };
}

export async function removeLeastPrivilegeCopy(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<{ deleted: string[] }> {
  if (env().readOnly)
    throw new AppError(
      'forbidden:read-only',
      'Tokenscope runs read-only (TOKENSCOPE_READ_ONLY): it will not delete anything.',
    );
  return { deleted: await deleteCopy(clients, namespace, name) };
}
