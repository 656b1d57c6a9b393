import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterContext, ClusterList, ClusterStatus } from '@/lib/contracts/clusters';
import { AppError } from '@/lib/contracts/errors';
import { type CheckPhase, diagnose, noCredentials } from './cluster-diagnosis';
import { dashboardKubeConfig } from './config';
import { type KubeContext, contextClients, kubeContexts } from './contexts';

/**
 * A whole check (credentials, then SelfSubjectReview and /version) gets this long. A plugin that
 * hangs is not waited for beyond it; the plugin itself runs until its own limit
 * (`EXEC_PLUGIN_LIMIT_MS`, lib/kube/exec-plugin.ts), and a re-check meanwhile shares that run.
 */
export const CHECK_TIMEOUT_MS = 8_000;

interface Results {
  last: Map<string, ClusterStatus>;
  running: Map<string, Promise<ClusterStatus>>;
}

/** Per resolved kubeconfig: the last result of each context, and the checks in flight. */
const results = new WeakMap<KubeConfig, Results>();

function resultsFor(): Results {
  const { kc } = dashboardKubeConfig();
  let r = results.get(kc);
  if (!r) {
    r = { last: new Map(), running: new Map() };
    results.set(kc, r);
  }
  return r;
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject('timeout'), Math.max(ms, 1));
  });
  // A late rejection of `work` is handled here, never unhandled.
  work.catch(() => {});
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function hostOf(server: string): Pick<ClusterContext, 'host' | 'scheme'> {
  try {
    const u = new URL(server);
    const scheme = u.protocol === 'https:' ? 'https' : u.protocol === 'http:' ? 'http' : 'unknown';
    return { host: u.host, scheme };
  } catch {
    return { host: '', scheme: 'unknown' };
  }
}

async function runCheck(ctx: KubeContext, timeoutMs: number): Promise<ClusterStatus> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let phase: CheckPhase = 'credentials';
  try {
    const clients = contextClients(ctx.name);
    // Getting credentials first (running the exec plugin or auth-provider, reading certificate
    // files) tells a plugin's failure apart from the server's; with a plugin that sets
    // expirationTimestamp the request below reuses the credential client-node cached.
    const opts: { headers: Record<string, string>; cert?: unknown; auth?: string } = { headers: {} };
    await within(clients.kc.applyToHTTPSOptions(opts), timeoutMs);
    if (ctx.auth.kind !== 'none' && !opts.headers.Authorization && !opts.cert && !opts.auth) {
      return {
        state: 'failed',
        checkedAt: new Date().toISOString(),
        ms: elapsed(),
        ...noCredentials({ auth: ctx.auth, context: ctx.name }),
      };
    }
    phase = 'request';
    const [review, version] = await within(
      Promise.all([
        clients.authn.createSelfSubjectReview({
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        }),
        clients.version
          .getCode()
          .then((v) => v.gitVersion)
          .catch(() => undefined),
      ]),
      timeoutMs - elapsed(),
    );
    const info = review.status?.userInfo;
    return {
      state: 'ok',
      checkedAt: new Date().toISOString(),
      ms: elapsed(),
      ...(version ? { version } : {}),
      user: { username: info?.username ?? '', groups: info?.groups ?? [] },
    };
  } catch (err) {
    const diagnosis =
      err instanceof AppError
        ? { problem: 'kubeconfig' as const, summary: err.detail, hints: err.hints }
        : diagnose(err, { phase, context: ctx.name, server: ctx.server, auth: ctx.auth, timeoutMs });
    return { state: 'failed', checkedAt: new Date().toISOString(), ms: elapsed(), ...diagnosis };
  }
}

/**
 * Checks one context: its credentials, then who the API server says its user is and its version.
 * Never rejects for a cluster's failure (the status carries the diagnosis); a check of the same
 * context already running is shared. Throws `not-found:context`, `unavailable:kubeconfig`.
 */
export function checkContext(name: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<ClusterStatus> {
  const ctx = kubeContexts().contexts.find((c) => c.name === name);
  if (!ctx) throw new AppError('not-found:context', `There is no context "${name}" in the kubeconfig.`);
  const r = resultsFor();
  const running = r.running.get(name);
  if (running) return running;
  const check = runCheck(ctx, timeoutMs).then((status) => {
    r.last.set(name, status);
    r.running.delete(name);
    return status;
  });
  r.running.set(name, check);
  return check;
}

/** Every context with its last check's result ('unchecked' before the first). Throws `unavailable:kubeconfig`. */
export function clusterList(): ClusterList {
  const { source, contexts } = kubeContexts();
  const { last } = resultsFor();
  return {
    source,
    contexts: contexts.map((c) => ({
      name: c.name,
      cluster: c.cluster,
      ...hostOf(c.server),
      ...(c.namespace ? { namespace: c.namespace } : {}),
      auth: c.auth,
      current: c.current,
      status: last.get(c.name) ?? { state: 'unchecked' },
    })),
  };
}

/**
 * Checks the named contexts (all when none is named) at the same time, each within its own time
 * limit, so a slow or broken cluster delays no other. Throws `not-found:context`, `unavailable:kubeconfig`.
 */
export async function checkContexts(names?: string[], timeoutMs = CHECK_TIMEOUT_MS): Promise<ClusterList> {
  const all = kubeContexts().contexts.map((c) => c.name);
  await Promise.all((names ?? all).map((n) => checkContext(n, timeoutMs)));
  return clusterList();
}

/** A failed result is trusted this long at most (someone may just have fixed the cause). */
const FAILED_MAX_AGE_MS = 5_000;

/**
 * The context's check result if one finished within `maxAgeMs` (a failure within 5 s), else a new
 * check's (shared with one already running). Never rejects for the cluster's failure.
 * Throws `not-found:context`, `unavailable:kubeconfig`.
 */
export function recentStatus(
  name: string,
  maxAgeMs: number,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<ClusterStatus> {
  const last = resultsFor().last.get(name);
  if (last && last.state !== 'unchecked') {
    const age = Date.now() - Date.parse(last.checkedAt);
    if (age < (last.state === 'failed' ? Math.min(maxAgeMs, FAILED_MAX_AGE_MS) : maxAgeMs))
      return Promise.resolve(last);
  }
  return checkContext(name, timeoutMs);
}
