import 'server-only';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';
import { limitExecPlugins } from './exec-plugin';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Where the dashboard identity came from. */
export interface KubeSource {
  kind: 'kubeconfig-env' | 'kubeconfig-home' | 'in-cluster';
  /** File path, or the in-cluster token path. */
  path: string;
  context: string;
  server: string;
}

interface Loaded {
  kc: KubeConfig;
  source: KubeSource;
}

let cached: { key: string; loaded: Loaded } | undefined;

/**
 * The dashboard identity's KubeConfig, resolved like kubectl: KUBECONFIG, then ~/.kube/config, then
 * the in-cluster ServiceAccount. Unlike client-node's loadFromDefault it never falls back to
 * http://localhost:8080, and it says what it tried. Throws `unavailable:kubeconfig`.
 * The returned object is shared and must never be mutated (Headlamp CVE-2025-14269).
 */
export function dashboardKubeConfig(): Loaded {
  const e = env();
  const key = `${e.kubeconfig ?? ''}|${e.context ?? ''}|${e.home ?? ''}|${e.inClusterRoot}|${e.inClusterHost ?? ''}`;
  if (cached?.key === key) return cached.loaded;
  const loaded = load(e.kubeconfig, e.context, e.home, e.inClusterRoot, e.inClusterHost);
  cached = { key, loaded };
  return loaded;
}

function load(
  kubeconfigEnv: string | undefined,
  context: string | undefined,
  home: string | undefined,
  inClusterRoot: string,
  inClusterHost: string | undefined,
): Loaded {
  const tried: string[] = [];
  const kc = new KubeConfig();
  let kind: KubeSource['kind'] | undefined;
  let path = '';
  if (!kubeconfigEnv) tried.push('KUBECONFIG (not set)');
  if (kubeconfigEnv) {
    // `:`-separated, `;` on Windows (where `C:\` holds a colon), as kubectl and client-node read it.
    const files = kubeconfigEnv.split(delimiter).filter(Boolean);
    const present = files.filter((f) => existsSync(f));
    tried.push(`KUBECONFIG=${kubeconfigEnv} (${present.length ? 'found' : 'no such file'})`);
    if (present.length > 0) {
      try {
        kc.loadFromDefault();
      } catch (err) {
        throw new AppError(
          'unavailable:kubeconfig',
          `The kubeconfig in KUBECONFIG could not be read: ${reason(err)}.`,
          {
            hints: tried,
          },
        );
      }
      kind = 'kubeconfig-env';
      path = present.join(delimiter);
    }
  }
  if (!kind) {
    const homeConfig = home ? join(home, '.kube', 'config') : undefined;
    tried.push(
      `${homeConfig ?? '~/.kube/config (HOME is not set)'} (${homeConfig && existsSync(homeConfig) ? 'found' : 'not found'})`,
    );
    if (homeConfig && existsSync(homeConfig)) {
      try {
        kc.loadFromFile(homeConfig);
      } catch (err) {
        throw new AppError('unavailable:kubeconfig', `${homeConfig} could not be read: ${reason(err)}.`, {
          hints: tried,
        });
      }
      kind = 'kubeconfig-home';
      path = homeConfig;
    }
  }
  if (!kind) {
    const tokenPath = `${inClusterRoot}${IN_CLUSTER_TOKEN}`;
    const inCluster = existsSync(tokenPath) && Boolean(inClusterHost);
    tried.push(`in-cluster ServiceAccount ${tokenPath} (${inCluster ? 'found' : 'not found'})`);
    if (inCluster) {
      // client-node re-reads the token file, so kubelet's rotation of it is picked up.
      kc.loadFromCluster(inClusterRoot);
      kind = 'in-cluster';
      path = tokenPath;
    }
  }
  if (!kind) {
    throw new AppError('unavailable:kubeconfig', 'No Kubernetes cluster is configured.', {
      hints: [
        ...tried.map((t) => `Tried ${t}.`),
        'Run `npm run demo` to start the embedded local cluster, or set KUBECONFIG to a kubeconfig file and restart.',
      ],
    });
  }
  if (context) {
    if (!kc.getContexts().some((c) => c.name === context)) {
      throw new AppError('unavailable:kubeconfig', `Context "${context}" is not in ${path}.`, {
        hints: [
          `Known contexts: ${
            kc
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'none'
          }.`,
        ],
      });
    }
    kc.setCurrentContext(context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new AppError('unavailable:kubeconfig', `The current context of ${path} names no cluster.`, {
      hints: ['Run `kubectl config get-contexts` and pick one with TOKENSCOPE_CONTEXT.'],
    });
  }
  limitExecPlugins(kc);
  return { kc, source: { kind, path, context: kc.getCurrentContext(), server: cluster.server } };
}

function reason(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? 'unknown error') : 'unknown error';
}

/** Forgets the cached kubeconfig (tests switch clusters). */
export function resetDashboardKubeConfig(): void {
  cached = undefined;
}
