import 'server-only';
import type { ChildProcess, spawn } from 'node:child_process';
import type { KubeConfig, User } from '@kubernetes/client-node';

/**
 * Exec credential plugins (aws, gke-gcloud-auth-plugin, kubelogin, …) as client-node 1.4 runs them:
 * it spawns the plugin for a request and waits for it to close, with no time limit, and a credential
 * without `expirationTimestamp` is not cached, so every request spawns it again. A plugin that hangs
 * (waiting for an interactive login nobody sees, a network that never answers) therefore leaves one
 * process per request and a request that never ends. This module bounds both, per KubeConfig:
 * - one run per user at a time: requests that need the credential while the plugin runs share its run;
 * - a run that has not finished after `EXEC_PLUGIN_LIMIT_MS` is killed and the requests waiting for
 *   it fail with a TimeoutError (the cluster diagnosis turns that into "did not finish within …").
 * kubectl itself puts no limit on a plugin; an interactive login in a browser (kubelogin) takes a
 * person well under a minute, so the limit leaves room for it.
 */
export const EXEC_PLUGIN_LIMIT_MS = 60_000;

/** The plugin was stopped after running too long. */
export class ExecPluginTimeout extends Error {
  override name = 'TimeoutError';
}

/** client-node's ExecAuth as far as this module uses it (`authenticators` holds one per KubeConfig). */
interface ExecAuthLike {
  execFn: typeof spawn;
  getCredential: (user: User) => Promise<unknown>;
}

function isExecAuth(a: unknown): a is ExecAuthLike {
  const o = a as Partial<ExecAuthLike> | null;
  return typeof o?.execFn === 'function' && typeof o.getCredential === 'function';
}

/**
 * Bounds the exec plugin runs of one KubeConfig (see above). Returns whether client-node's exec
 * authenticator was found; the unit test fails if an upgrade of client-node moves it.
 */
export function limitExecPlugins(kc: KubeConfig, limitMs = EXEC_PLUGIN_LIMIT_MS): boolean {
  const authenticators = (kc as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  const auth = authenticators.find(isExecAuth);
  if (!auth) return false;
  const spawnPlugin = auth.execFn;
  const getCredential = auth.getCredential.bind(auth);
  const running = new Map<string, Promise<unknown>>();
  let spawned: ChildProcess | undefined;
  auth.execFn = ((command: string, args: readonly string[], options: object) => {
    const child = spawnPlugin(command, args, { ...options, windowsHide: true });
    spawned = child;
    return child;
  }) as typeof spawn;
  auth.getCredential = (user: User) => {
    const shared = running.get(user.name);
    if (shared) return shared;
    spawned = undefined;
    // client-node spawns the plugin synchronously inside getCredential (no await comes before it),
    // so the child this call started, if any, is known as soon as the call returns.
    const work = getCredential(user);
    // (TypeScript cannot see that `work` assigned it through execFn.)
    const child = spawned as ChildProcess | undefined;
    spawned = undefined;
    if (!child) return work;
    const run = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        const name = user.exec?.command ?? 'the exec plugin';
        reject(
          new ExecPluginTimeout(
            `${name} did not finish within ${Math.round(limitMs / 1000)} s and was stopped`,
          ),
        );
      }, limitMs);
      timer.unref?.();
      work.then(resolve, reject).finally(() => clearTimeout(timer));
    });
    running.set(user.name, run);
    const done = () => {
      if (running.get(user.name) === run) running.delete(user.name);
    };
    run.then(done, done);
    return run;
  };
  return true;
}
