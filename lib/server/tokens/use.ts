import 'server-only';
import { apiPath } from '@/lib/k8s/api-paths';
import type { ReviewResult, TryRequest, TryResult, WhoamiResult } from '@/lib/contracts/tokens';
import { clientsForToken, type KubeClients } from '@/lib/kube/clients';
import { kubeCall, toAppError } from '@/lib/kube/errors';
import { selfSubjectReview } from '@/lib/kube/identity';
import { rawGet } from '@/lib/kube/raw';
import type { Session } from '@/lib/server/session/session';
import { describeToken, recordProbe, secretOf } from './vault';

/** The API path of a request, as kubectl would build it. */
export function requestPath(r: TryRequest): string {
  return apiPath({ ...r, name: r.verb === 'get' ? r.name : undefined });
}

/** The kubectl and curl lines for the same request; the token is always `$TOKEN`. */
export function equivalentCommands(server: string, r: TryRequest): { kubectl: string; curl: string } {
  const resource = r.group ? `${r.resource}.${r.group}` : r.resource;
  const target = r.verb === 'get' && r.name ? `${resource} ${r.name}` : resource;
  // A list without a namespace is the all-namespaces path; -A is ignored for cluster-scoped kinds.
  const scope = r.namespace ? ` -n ${r.namespace}` : r.verb === 'list' ? ' -A' : '';
  return {
    kubectl: `kubectl --server=${server} --token="$TOKEN" get ${target}${scope}`,
    curl: `curl --cacert ca.crt -H "Authorization: Bearer $TOKEN" ${server}${requestPath(r)}`,
  };
}

/** Clients acting as a held token, on cluster `context`, which must be the token's own. */
function heldTokenClients(session: Session, id: string, context: string): KubeClients {
  return clientsForToken(secretOf(session, id, context), context);
}

/**
 * Runs a read request with a held token on cluster `context` (the token's own, else
 * `forbidden:cluster`); the API server's answer is the result, whatever its status.
 */
export async function tryWithToken(
  session: Session,
  id: string,
  r: TryRequest,
  context: string,
): Promise<TryResult> {
  const clients = heldTokenClients(session, id, context);
  const path = requestPath(r);
  const res = await rawGet(clients, path).catch((err) => {
    throw toAppError(err, clients.server);
  });
  const body = (res.body ?? {}) as {
    kind?: string;
    reason?: string;
    message?: string;
    items?: { metadata?: { name?: string } }[];
  };
  const ok = res.status >= 200 && res.status < 300;
  const items = ok && Array.isArray(body.items) ? body.items.map((i) => i.metadata?.name ?? '') : undefined;
  return {
    status: res.status,
    reason: ok ? 'OK' : (body.reason ?? (res.status === 401 ? 'Unauthorized' : 'Failure')),
    message: ok
      ? items
        ? `${items.length} item(s)`
        : 'found'
      : (body.message ?? (res.status === 401 ? 'Unauthorized' : `HTTP ${res.status}`)),
    itemCount: items?.length,
    items: items?.slice(0, 50),
    durationMs: Math.round(res.durationMs * 10) / 10,
    ...equivalentCommands(clients.server, r),
  };
}

/** SelfSubjectReview made with the held token on cluster `context`: who the API server thinks it is (or 401). */
export async function whoamiWithToken(session: Session, id: string, context: string): Promise<WhoamiResult> {
  const clients = heldTokenClients(session, id, context);
  const started = performance.now();
  try {
    const user = await selfSubjectReview(clients);
    return {
      status: 201,
      message: 'authenticated',
      user,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    // The API server's refusal is the answer; only an unreachable server is a failure.
    const appError = toAppError(err, clients.server);
    if (appError.code === 'unavailable:kube' || appError.code === 'timeout:kube') throw appError;
    return {
      status: appError.status,
      message: appError.detail,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** TokenReview of the held token, made with `clients` (the caller's). Throws `not-found:token` and mapped AppErrors. */
export async function reviewToken(clients: KubeClients, session: Session, id: string): Promise<ReviewResult> {
  // Reviewed by the cluster `clients` talk to: only a token of that cluster is sent there.
  const token = secretOf(session, id, clients.context);
  const started = performance.now();
  const review = await kubeCall(clients.server, () =>
    clients.authn.createTokenReview({ body: { spec: { token } } }),
  );
  const s = review.status;
  return {
    authenticated: s?.authenticated === true,
    user: s?.user
      ? { username: s.user.username ?? '', uid: s.user.uid, groups: s.user.groups ?? [], extra: s.user.extra }
      : undefined,
    audiences: s?.audiences,
    error: s?.error,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Uses the token against its API server (cluster `context`) now and records the answer on the token. */
export async function probeToken(session: Session, id: string, context: string) {
  // When it was asked: the API server decides on receipt, and overlapping probes are ordered by it.
  const asked = new Date().toISOString();
  const who = await whoamiWithToken(session, id, context);
  recordProbe(session, id, {
    at: asked,
    status: who.status,
    reason: who.status === 201 ? 'Authenticated' : who.status === 401 ? 'Unauthorized' : 'Failure',
    message: who.message,
  });
  return describeToken(session, id);
}
