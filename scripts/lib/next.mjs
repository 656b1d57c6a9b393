// Starts Tokenscope's Next.js server bound to loopback, and waits until it answers.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './cluster.mjs';

const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export function isLoopback(host) {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

/** Whether .next holds a production build at least as new as the sources (cheap mtime check). */
export function buildIsFresh() {
  const id = join(root, '.next', 'BUILD_ID');
  if (!existsSync(id)) return false;
  const built = statSync(id).mtimeMs;
  const newest = (dir) => {
    let max = 0;
    for (const entry of readdirRecursive(join(root, dir))) max = Math.max(max, statSync(entry).mtimeMs);
    return max;
  };
  return ['app', 'components', 'lib'].every((d) => newest(d) <= built) && statSync(join(root, 'package.json')).mtimeMs <= built;
}

function* readdirRecursive(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSyncSafe(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* readdirRecursive(p);
    else yield p;
  }
}

function readdirSyncSafe(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}


/** `next build`, streaming its output to stderr (stdout stays for results, e.g. the bench table). */
export function buildNext() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: root,
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`next build failed (exit ${code})`))));
  });
}

/**
 * Starts `next start` (or `next dev`) on host:port with extra env; resolves when /api/healthz
 * answers 200. Output goes to `onOutput` (tests keep it to scan for leaked tokens).
 */
export async function startNext({ host = '127.0.0.1', port = 3000, dev = false, env = {}, onOutput, timeoutMs = 60_000 }) {
  const shared = (env.TOKENSCOPE_MODE ?? process.env.TOKENSCOPE_MODE) === 'shared';
  if (!isLoopback(host) && !shared) {
    throw new Error(
      `Refusing to listen on ${host}: in local mode Tokenscope lends its cluster identity to its user, so it binds to loopback only. ` +
        'To serve several people, set TOKENSCOPE_MODE=shared: everyone then signs in with their own token.',
    );
  }
  const started = Date.now();
  const child = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-H', host, '-p', String(port)], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TOKENSCOPE_HOST: host, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = (c) => (onOutput ? onOutput(c.toString()) : process.stdout.write(c));
  child.stdout.on('data', out);
  child.stderr.on('data', out);
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const url = `http://${host === '::1' ? '[::1]' : host}:${port}`;
  let dead = false;
  exited.then(() => {
    dead = true;
  });
  while (Date.now() - started < timeoutMs) {
    if (dead) throw new Error('next exited before it answered');
    try {
      const res = await fetch(`${url}/api/healthz`);
      if (res.ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  if (Date.now() - started >= timeoutMs) {
    child.kill('SIGKILL');
    throw new Error(`next did not answer on ${url} within ${timeoutMs / 1000} s`);
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  return { url, stop, child, exited, startMillis: Date.now() - started };
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}
