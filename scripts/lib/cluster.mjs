// Builds and starts Tokenscope's local control plane (cluster/, a Go module). Shared by
// `npm run cluster`, `npm run demo`, the test harness and the benchmarks.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The Kubernetes minors the local control plane builds at. The default is cluster/go.mod; another
 * minor is the same Go code built with an alternate module file (`go build -modfile`), so there is
 * still one Go module. TOKENSCOPE_KUBE picks one (`npm run cluster -- --kube 1.35` sets it), and
 * everything that builds or starts a control plane in that process tree follows it.
 */
export const kubeVersions = {
  1.36: { version: 'v1.36.3', modfile: undefined },
  1.35: { version: 'v1.35.4', modfile: 'go.1.35.mod' },
};
export const defaultKube = '1.36';

/** The minor TOKENSCOPE_KUBE asks for (default: defaultKube); an unknown one is an error that lists the known. */
export function selectedKube(value = process.env.TOKENSCOPE_KUBE) {
  const minor = value?.trim() || defaultKube;
  if (!Object.hasOwn(kubeVersions, minor))
    throw new Error(
      `TOKENSCOPE_KUBE=${minor} is not a Kubernetes minor the local control plane builds at; use one of ${Object.keys(kubeVersions).join(', ')}.`,
    );
  return minor;
}

/** Where the control plane binary of a minor goes: the default keeps its old name. */
export function clusterBinaryFor(minor = selectedKube()) {
  const suffix = minor === defaultKube ? '' : `-${minor}`;
  return join(
    root,
    '.tokenscope',
    'bin',
    `tokenscope-cluster${suffix}${process.platform === 'win32' ? '.exe' : ''}`,
  );
}

export const clusterBinary = clusterBinaryFor();

function ldflagsFor(minor) {
  const { version } = kubeVersions[minor];
  return [
    '-s',
    '-w',
    `-X k8s.io/component-base/version.gitVersion=${version}`,
    '-X k8s.io/component-base/version.gitMajor=1',
    `-X k8s.io/component-base/version.gitMinor=${minor.split('.')[1]}`,
  ].join(' ');
}

/**
 * Builds cluster/ into .tokenscope/bin. Go's build cache makes a rebuild with no change take
 * seconds; a cold build compiles ~2,000 packages, so progress is printed every 10 s.
 */
export function buildCluster({ log = (m) => process.stderr.write(`${m}\n`), kube = selectedKube() } = {}) {
  const binary = clusterBinaryFor(kube);
  const { modfile } = kubeVersions[kube];
  mkdirSync(dirname(binary), { recursive: true });
  const started = Date.now();
  const args = [
    'build',
    '-v',
    '-trimpath',
    ...(modfile ? [`-modfile=${modfile}`] : []),
    '-ldflags',
    ldflagsFor(kube),
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn('go', [...args, '-o', binary, '.'], {
      cwd: join(root, 'cluster'),
      env: { ...process.env, CGO_ENABLED: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let compiled = 0;
    let tail = '';
    child.stderr.on('data', (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      compiled += text.split('\n').filter((l) => l && !l.startsWith('go: ') && !l.startsWith('#')).length;
    });
    const timer = setInterval(() => {
      log(
        `[cluster] building the local control plane (Kubernetes ${kubeVersions[kube].version}): ${compiled} packages compiled, ${Math.round((Date.now() - started) / 1000)} s (a first build takes several minutes)`,
      );
    }, 10_000);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(
        new Error(
          err.code === 'ENOENT'
            ? 'The Go toolchain (`go`) is not on PATH. Install Go 1.26 to build the local control plane, or point Tokenscope at your own cluster with KUBECONFIG.'
            : `go build failed to start: ${err.message}`,
        ),
      );
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code === 0) {
        const seconds = (Date.now() - started) / 1000;
        if (compiled > 0) log(`[cluster] built in ${seconds.toFixed(1)} s (${compiled} packages compiled)`);
        resolvePromise({ seconds, compiled });
      } else reject(new Error(`go build of cluster/ failed (exit ${code}):\n${tail}`));
    });
  });
}

/**
 * Starts the control plane on a data dir and resolves with the parsed READY line once usable.
 * `stop()` closes the child's stdin and waits for a clean exit: with --stop-on-stdin-eof that is how
 * it is asked to stop on every platform (on Windows child.kill() terminates a process outright,
 * whatever the signal), and a parent that dies takes its control plane with it.
 */
export function startCluster({
  dataDir,
  port = 0,
  log = (m) => process.stderr.write(`${m}\n`),
  timeoutMs = 180_000,
  kube = selectedKube(),
  authenticationConfig,
  etcdCompactionInterval,
}) {
  mkdirSync(dataDir, { recursive: true });
  const args = ['--data-dir', dataDir, '--stop-on-stdin-eof'];
  if (port) args.push('--port', String(port));
  // An AuthenticationConfiguration file (JWT issuers such as an OIDC provider) for the API server.
  if (authenticationConfig) args.push('--authentication-config', authenticationConfig);
  // How often the API server compacts etcd (a Go duration such as '2s'; its default is 5m): tests
  // shorten it to see list continue tokens expire.
  if (etcdCompactionInterval) args.push('--etcd-compaction-interval', etcdCompactionInterval);
  const child = spawn(clusterBinaryFor(kube), args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // Nothing is ever written; a pipe closed by the child's exit must not throw in the parent.
  child.stdin.on('error', () => {});
  let errText = '';
  child.stderr.on('data', (c) => {
    errText = (errText + c.toString()).slice(-4000);
  });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const ready = new Promise((resolvePromise, reject) => {
    let buf = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `local control plane not ready after ${timeoutMs / 1000} s; see ${join(dataDir, 'cluster.log')}`,
        ),
      );
    }, timeoutMs);
    child.stdout.on('data', (c) => {
      buf += c.toString();
      const line = buf.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        clearTimeout(timer);
        resolvePromise(JSON.parse(line.slice('READY '.length)));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `local control plane exited (${signal ?? code}) before READY: ${errText.trim() || 'no message'}; see ${join(dataDir, 'cluster.log')}`,
        ),
      );
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    // It stops in ~2 s (cluster/main.go); SIGKILL is only for a hung process.
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  return ready.then((info) => {
    log(`[cluster] ready at ${info.server} in ${info.startMillis} ms (kubeconfig ${info.kubeconfig})`);
    return { info, stop, child, exited };
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the control plane and starts it again whenever it exits without being asked to (a crash,
 * the OOM killer, a stray `kill -9`): same data dir, so etcd's WAL brings every object back, and
 * same API port, so the kubeconfig the dashboard already read stays valid. `npm run demo` uses it
 * so that the dashboard outlives a dead control plane (it shows its outage banner meanwhile).
 * Failed starts are retried with a backoff (1 s doubling to 15 s) until `stop()`.
 */
export async function superviseCluster({
  dataDir,
  port = 0,
  log = (m) => process.stderr.write(`${m}\n`),
  onRestart,
  timeoutMs,
}) {
  let current = await startCluster({ dataDir, port, log, timeoutMs });
  const { info } = current;
  const apiPort = Number(new URL(info.server).port);
  let stopping = false;
  let wake = () => {};
  const stopped = new Promise((r) => {
    wake = r;
  });
  let pending = Promise.resolve();
  let restarts = 0;

  const restart = async ({ code, signal }) => {
    const lost = Date.now();
    log(
      `[cluster] the local control plane exited (${signal ?? code}); starting it again on ${dataDir} (objects are kept)`,
    );
    for (let delay = 1000; !stopping; delay = Math.min(delay * 2, 15_000)) {
      try {
        current = await startCluster({ dataDir, port: apiPort, log, timeoutMs });
      } catch (err) {
        log(`[cluster] restart failed: ${err.message}; trying again in ${delay / 1000} s`);
        await Promise.race([sleep(delay), stopped]);
        continue;
      }
      if (stopping) return current.stop();
      restarts += 1;
      const ms = Date.now() - lost;
      log(`[cluster] back at ${current.info.server} ${(ms / 1000).toFixed(1)} s after it exited`);
      supervise(current);
      onRestart?.({ info: current.info, ms, restarts, child: current.child });
      return;
    }
  };
  const supervise = (c) =>
    c.exited.then((how) => {
      if (!stopping) pending = restart(how);
    });
  supervise(current);

  return {
    info,
    get child() {
      return current.child;
    },
    get restarts() {
      return restarts;
    },
    stop: async () => {
      stopping = true;
      wake();
      await pending;
      await current.stop();
    },
  };
}
