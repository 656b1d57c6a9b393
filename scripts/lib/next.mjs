// Starts Tokenscope's Next.js server (loopback unless shared mode with TLS allows more), and waits until it answers.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { compressStatic } from '../compress-static.mjs';
import { root } from './cluster.mjs';
import { isLoopback, servePolicy } from './serve-policy.mjs';

export { isLoopback };

const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const serveScript = join(root, 'scripts', 'lib', 'serve.mjs');

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
  return (
    ['app', 'components', 'lib', 'public'].every((d) => newest(d) <= built) &&
    ['package.json', 'proxy.ts', 'next.config.js'].every((f) => statSync(join(root, f)).mtimeMs <= built)
  );
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
  }).then(async () => {
    // The .br files serve.mjs sends to browsers that accept brotli (scripts/lib/static-brotli.cjs).
    const r = await compressStatic(join(root, '.next', 'static'));
    process.stderr.write(`[next] ${r.files} static files brotli-compressed: ${Math.round(r.raw / 1024)} -> ${Math.round(r.brotli / 1024)} kB\n`);
  });
}

/** One GET of /api/healthz; resolves to the status, or 0 when nothing answers. */
function probeHealth(scheme, address, port, timeoutMs) {
  const request = scheme === 'https' ? httpsRequest : httpRequest;
  return new Promise((resolvePromise) => {
    // Host names a loopback origin, which Tokenscope always serves, whatever address it is bound to;
    // the certificate is not checked: this asks whether the server is up, and sends nothing secret.
    const req = request(
      { host: address, port, path: '/api/healthz', headers: { host: `127.0.0.1:${port}` }, rejectUnauthorized: false, timeout: timeoutMs },
      (res) => {
        res.resume();
        resolvePromise(res.statusCode ?? 0);
      },
    );
    // Waits up to startNext's whole deadline: the first request of a cold server can take seconds,
    // and a probe that hangs up mid-request makes Next log an uncaught "aborted" error.
    req.on('error', () => resolvePromise(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * Starts the production server (serve.mjs: Next's handler, over HTTPS given TOKENSCOPE_TLS_CERT and
 * TOKENSCOPE_TLS_KEY) or `next dev` on host:port with extra env, and resolves when
 * /api/healthz answers 200. Refuses (throws, saying what to set) what servePolicy refuses: beyond
 * loopback only shared mode, over TLS, for configured public URLs. Output goes to `onOutput`
 * (tests keep it to scan for leaked tokens).
 */
export async function startNext({ host = '127.0.0.1', port = 3000, dev = false, env = {}, onOutput, timeoutMs = 60_000 }) {
  const policy = servePolicy(host, { ...process.env, ...env });
  if (policy.refusal) throw new Error(policy.refusal);
  const tls = policy.tls;
  if (tls) for (const file of [tls.cert, tls.key]) if (!existsSync(file)) throw new Error(`TLS file not found: ${file}`);
  const started = Date.now();
  // Production (and TLS) goes through serve.mjs: Next's handler behind TLS and a method guard.
  // `next dev` stays as it is for plain development. PORT tells the app which port it serves:
  // the loopback Host names it accepts carry it.
  const args = dev && !tls ? [nextBin, 'dev', '-H', host, '-p', String(port)] : [serveScript, ...(dev ? ['--dev'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TOKENSCOPE_HOST: host, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = (c) => (onOutput ? onOutput(c.toString()) : process.stdout.write(c));
  child.stdout.on('data', out);
  child.stderr.on('data', out);
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const scheme = tls ? 'https' : 'http';
  // A wildcard bind is reached through loopback here; the printed URL is the first public one.
  const address = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = isLoopback(host)
    ? `${scheme}://${host === '::1' ? '[::1]' : host}:${port}`
    : (servePublicUrl(env.TOKENSCOPE_PUBLIC_URL ?? process.env.TOKENSCOPE_PUBLIC_URL) ?? `${scheme}://${host}:${port}`);
  let dead = false;
  exited.then(() => {
    dead = true;
  });
  while (Date.now() - started < timeoutMs) {
    if (dead) throw new Error('next exited before it answered');
    if ((await probeHealth(scheme, address, port, Math.max(1000, timeoutMs - (Date.now() - started)))) === 200) break;
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

function servePublicUrl(value) {
  return (value ?? '').split(',')[0]?.trim() || undefined;
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}
