// Builds and starts Tokenscope's local control plane (cluster/, a Go module). Shared by
// `npm run cluster`, `npm run demo`, the test harness and the benchmarks.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const clusterBinary = join(root, '.tokenscope', 'bin', 'tokenscope-cluster');

const ldflags = [
  '-s',
  '-w',
  '-X k8s.io/component-base/version.gitVersion=v1.36.3',
  '-X k8s.io/component-base/version.gitMajor=1',
  '-X k8s.io/component-base/version.gitMinor=36',
].join(' ');

/**
 * Builds cluster/ into .tokenscope/bin. Go's build cache makes a rebuild with no change take
 * seconds; a cold build compiles ~2,000 packages, so progress is printed every 10 s.
 */
export function buildCluster({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  mkdirSync(dirname(clusterBinary), { recursive: true });
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn('go', ['build', '-v', '-trimpath', '-ldflags', ldflags, '-o', clusterBinary, '.'], {
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
      log(`[cluster] building the local control plane: ${compiled} packages compiled, ${Math.round((Date.now() - started) / 1000)} s (a first build takes several minutes)`);
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
 * `stop()` sends SIGTERM and waits for a clean exit.
 */
export function startCluster({ dataDir, port = 0, log = (m) => process.stderr.write(`${m}\n`), timeoutMs = 180_000 }) {
  mkdirSync(dataDir, { recursive: true });
  const args = ['--data-dir', dataDir];
  if (port) args.push('--port', String(port));
  const child = spawn(clusterBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let errText = '';
  child.stderr.on('data', (c) => {
    errText = (errText + c.toString()).slice(-4000);
  });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const ready = new Promise((resolvePromise, reject) => {
    let buf = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`local control plane not ready after ${timeoutMs / 1000} s; see ${join(dataDir, 'cluster.log')}`));
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
      reject(new Error(`local control plane exited (${signal ?? code}) before READY: ${errText.trim() || 'no message'}; see ${join(dataDir, 'cluster.log')}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(t);
  };
  return ready.then((info) => {
    log(`[cluster] ready at ${info.server} in ${info.startMillis} ms (kubeconfig ${info.kubeconfig})`);
    return { info, stop, child, exited };
  });
}
