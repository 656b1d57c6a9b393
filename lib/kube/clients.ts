import 'server-only';
import { createHash } from 'node:crypto';
import {
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  createConfiguration,
  KubeConfig,
  KubernetesObjectApi,
  RbacAuthorizationV1Api,
  ServerConfiguration,
  VersionApi,
} from '@kubernetes/client-node';
import { AppError } from '@/lib/contracts/errors';
import { pooledAgent } from './agents';
import { dashboardKubeConfig } from './config';

/** Per-call timeout: no page waits on a stalled API server for longer than this. */
export const KUBE_TIMEOUT_MS = 10_000;

/** The API groups Tokenscope uses, bound to one identity. */
export interface KubeClients {
  core: CoreV1Api;
  rbac: RbacAuthorizationV1Api;
  authn: AuthenticationV1Api;
  authz: AuthorizationV1Api;
  objects: KubernetesObjectApi;
  version: VersionApi;
  server: string;
  /**
   * The kubeconfig context these clients belong to: the one whose user they act as, or, for a
   * token's clients, the one whose cluster the token is sent to.
   */
  context: string;
  /**
   * Who these clients act as, comparable across Next's route bundles (each may hold its own instance
   * of this module): `dashboard|<server>|<context>|<digest of the kubeconfig>` for the dashboard
   * identity, `token` otherwise.
   */
  identity: string;
  /** The identity's KubeConfig, for raw requests inside lib/kube only. */
  kc: KubeConfig;
}

/**
 * The clients one request may use, each named by whose credentials it carries (as Kubernetes
 * Dashboard's client manager sets `Client(req)` against `InsecureClient()`), so every call site
 * says whose permissions it uses. Built lazily: a request that calls nothing builds nothing.
 */
export interface RequestClients {
  /**
   * As the caller: the signed-in user's own token in shared mode, the dashboard identity in local
   * mode. Never falls back to the dashboard in shared mode: reading it there without a sign-in
   * throws `unauthorized:session`.
   */
  readonly forCaller: KubeClients;
  /**
   * As the dashboard's own identity on this request's cluster (that context's kubeconfig user),
   * whoever calls: only for what every user shares and is filtered per user (the live watches) or
   * names the dashboard itself. Throws `unavailable:kubeconfig`.
   */
  readonly asDashboard: KubeClients;
  /** The kubeconfig context this request is for: held tokens are used only if they belong to it. */
  readonly context: string;
}

type ApiType<T> = new (config: ReturnType<typeof createConfiguration>) => T;

function makeClient<T>(kc: KubeConfig, api: ApiType<T>, timeoutMs: number): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const config = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: async (ctx) => {
          ctx.setSignal(AbortSignal.timeout(timeoutMs));
          const agent = ctx.getAgent();
          if (agent) ctx.setAgent(pooledAgent(agent));
          return ctx;
        },
        post: async (ctx) => ctx,
      },
    ],
  });
  return new api(config);
}

function clientsFor(
  kc: KubeConfig,
  identity: string,
  context: string,
  timeoutMs = KUBE_TIMEOUT_MS,
): KubeClients {
  return {
    core: makeClient(kc, CoreV1Api, timeoutMs),
    rbac: makeClient(kc, RbacAuthorizationV1Api, timeoutMs),
    authn: makeClient(kc, AuthenticationV1Api, timeoutMs),
    authz: makeClient(kc, AuthorizationV1Api, timeoutMs),
    objects: KubernetesObjectApi.makeApiClient(kc),
    version: makeClient(kc, VersionApi, timeoutMs),
    server: kc.getCurrentCluster()?.server ?? '',
    context,
    identity,
    kc,
  };
}

/**
 * Clients acting as the user of a one-context KubeConfig built by lib/kube/contexts.ts (a context of
 * the dashboard's kubeconfig other than its current one). `identity` names that context.
 */
export function clientsForContext(kc: KubeConfig, identity: string): KubeClients {
  return clientsFor(kc, identity, kc.getCurrentContext());
}

let dashboard: { kc: KubeConfig; clients: KubeClients } | undefined;

/** Clients acting as the dashboard's configured identity. Throws `unavailable:kubeconfig`. */
export function dashboardClients(): KubeClients {
  const { kc } = dashboardKubeConfig();
  if (dashboard?.kc !== kc) {
    // The whole configuration's digest tells apart two kubeconfigs that share server and context
    // names but not the user or its credentials.
    const digest = createHash('sha256').update(kc.exportConfig()).digest('base64url').slice(0, 22);
    const identity = `dashboard|${kc.getCurrentCluster()?.server ?? ''}|${kc.getCurrentContext()}|${digest}`;
    dashboard = { kc, clients: clientsFor(kc, identity, kc.getCurrentContext()) };
  }
  return dashboard.clients;
}

/**
 * Clients acting as a bearer token (a minted token, or a signed-in user's): a fresh KubeConfig per
 * call with the cluster (server, CA, TLS settings) of `context` — the kubeconfig's current one when
 * omitted — and only that token as the user. A token is sent only to the cluster it belongs to: the
 * caller names it (the vault and the session record it). It never falls back to the dashboard
 * identity (Kubernetes Dashboard CVE-2018-18264). Throws `not-found:context`.
 */
export function clientsForToken(token: string, context?: string): KubeClients {
  if (!token) throw new Error('clientsForToken needs a token');
  const { kc: loaded } = dashboardKubeConfig();
  const name = context ?? loaded.getCurrentContext();
  const entry = loaded.getContextObject(name);
  const base = entry ? loaded.getCluster(entry.cluster) : null;
  if (!base)
    throw new AppError(
      'not-found:context',
      `There is no context "${name}" with a cluster in the kubeconfig.`,
    );
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'cluster',
        server: base.server,
        caData: base.caData,
        caFile: base.caFile,
        skipTLSVerify: base.skipTLSVerify,
        tlsServerName: base.tlsServerName,
      },
    ],
    users: [{ name: 'token', token }],
    contexts: [{ name: 'token', cluster: 'cluster', user: 'token' }],
    currentContext: 'token',
  });
  return clientsFor(kc, 'token', name);
}
