import 'server-only';
import { createHash } from 'node:crypto';
import { type Cluster, type Context, KubeConfig, type User } from '@kubernetes/client-node';
import { clusterNameOf, clusterSlug } from '@/lib/contracts/cluster-slug';
import type { ClusterAuth } from '@/lib/contracts/clusters';
import { AppError } from '@/lib/contracts/errors';
import { type KubeClients, clientsForContext, dashboardClients } from './clients';
import { type KubeSource, dashboardKubeConfig } from './config';
import { limitExecPlugins } from './exec-plugin';

/**
 * The cluster registry: every context of the kubeconfig the dashboard already resolved
 * (lib/kube/config.ts: KUBECONFIG, ~/.kube/config or in-cluster), each with its own KubeConfig and
 * clients built on first use. A context's KubeConfig holds copies of its own cluster, user and
 * context entries and nothing else, so using one never reads, runs or mutates another's credentials
 * (an OIDC refresh rewrites its user entry in memory; an exec plugin's token cache is per KubeConfig).
 * The current context is the dashboard identity itself: `contextClients(current)` is
 * `dashboardClients()`, so every existing page behaves as before.
 */

/** One context, described without any secret. */
export interface KubeContext {
  name: string;
  cluster: string;
  /** The cluster's server URL as the kubeconfig gives it ('' when the context names no cluster). */
  server: string;
  namespace?: string;
  auth: ClusterAuth;
  current: boolean;
}

interface Built {
  kc: KubeConfig;
  clients: KubeClients;
}

/** Per resolved kubeconfig (a new one after resetDashboardKubeConfig), the contexts built so far. */
const built = new WeakMap<KubeConfig, Map<string, Built>>();

/** The file name of a command as a kubeconfig names it, without its directory (either separator). */
export function commandName(command: string): string {
  return command.split(/[\\/]/).filter(Boolean).pop() ?? command;
}

/** How a kubeconfig user authenticates, named without any secret. */
export function authOf(user: User | null | undefined, source: KubeSource['kind']): ClusterAuth {
  if (!user) return { kind: 'none' };
  if (user.exec?.command) return { kind: 'exec', command: commandName(user.exec.command) };
  const provider = user.authProvider as
    | { name?: string; config?: { exec?: { command?: string } } }
    | undefined;
  if (provider?.config?.exec?.command)
    return { kind: 'exec', command: commandName(provider.config.exec.command) };
  if (provider?.name) {
    return source === 'in-cluster' && provider.name === 'tokenFile'
      ? { kind: 'in-cluster' }
      : { kind: 'auth-provider', name: provider.name };
  }
  if (user.token) return { kind: 'token' };
  if (user.certData || user.certFile) return { kind: 'client-cert' };
  if (user.username) return { kind: 'basic' };
  return { kind: 'none' };
}

/** Every context of the dashboard's kubeconfig, in the file's order. Throws `unavailable:kubeconfig`. */
export function kubeContexts(): { source: KubeSource['kind']; contexts: KubeContext[] } {
  const { kc, source } = dashboardKubeConfig();
  const contexts = kc.getContexts().map((c): KubeContext => {
    const cluster = kc.getCluster(c.cluster);
    return {
      name: c.name,
      cluster: c.cluster,
      server: cluster?.server ?? '',
      ...(c.namespace ? { namespace: c.namespace } : {}),
      auth: authOf(c.user ? kc.getUser(c.user) : null, source.kind),
      current: c.name === source.context,
    };
  });
  return { source: source.kind, contexts };
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

function build(base: KubeConfig, name: string): Built {
  const context = base.getContextObject(name) as Context | null;
  if (!context) throw new AppError('not-found:context', `There is no context "${name}" in the kubeconfig.`);
  const cluster = base.getCluster(context.cluster) as Cluster | null;
  if (!cluster) {
    throw new AppError(
      'unavailable:kubeconfig',
      `Context "${name}" names cluster "${context.cluster}", which the kubeconfig does not define.`,
      {
        hints: ['Fix the context with `kubectl config set-context`, or remove it.'],
      },
    );
  }
  const user = context.user ? (base.getUser(context.user) as User | null) : null;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [copy(cluster)],
    users: user ? [copy(user)] : [],
    contexts: [copy(context)],
    currentContext: name,
  });
  limitExecPlugins(kc);
  const digest = createHash('sha256').update(kc.exportConfig()).digest('base64url').slice(0, 22);
  return { kc, clients: clientsForContext(kc, `context|${cluster.server}|${name}|${digest}`) };
}

/**
 * The clients of one context, acting as that context's user; the current context's are the
 * dashboard's own. Built on first use and kept until the kubeconfig is reloaded.
 * Throws `not-found:context`, `unavailable:kubeconfig`.
 */
export function contextClients(name: string): KubeClients {
  const { kc: base, source } = dashboardKubeConfig();
  if (name === source.context) return dashboardClients();
  let known = built.get(base);
  if (!known) {
    known = new Map();
    built.set(base, known);
  }
  let entry = known.get(name);
  if (!entry) {
    entry = build(base, name);
    known.set(name, entry);
  }
  return entry.clients;
}

/** A cluster as a request names it: its kubeconfig context, that name's URL form, and whether it is the current one. */
export interface ClusterRef {
  name: string;
  slug: string;
  current: boolean;
}

/** The kubeconfig's current context as a ClusterRef. Throws `unavailable:kubeconfig`. */
export function currentCluster(): ClusterRef {
  const { source } = dashboardKubeConfig();
  return { name: source.context, slug: clusterSlug(source.context), current: true };
}

/**
 * The context a URL names by its URL form (lib/contracts/cluster-path.ts); without one, the current
 * context. Never another context than the one named: an unknown name is `not-found:context`.
 * Throws `not-found:context`, `unavailable:kubeconfig`.
 */
export function resolveCluster(slug: string | undefined): ClusterRef {
  if (slug === undefined) return currentCluster();
  const name = clusterNameOf(slug);
  const { kc, source } = dashboardKubeConfig();
  if (name === undefined || !kc.getContextObject(name)) {
    throw new AppError(
      'not-found:context',
      `There is no cluster "${(name ?? slug).slice(0, 100)}" in this Tokenscope's kubeconfig.`,
      {
        hints: [
          'Clusters (/clusters) lists every context of the kubeconfig; pick one there or in the header.',
        ],
      },
    );
  }
  return { name, slug, current: name === source.context };
}
