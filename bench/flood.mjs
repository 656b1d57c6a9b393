// node bench/flood.mjs [--port=3321] [--heap=384] [--quick]: issue 12, item 3, measured. Starts a local control
// plane and a production `next start` on loopback, gives a victim session a few minted tokens, then
// floods the server the ways that once hurt it — cookie-less requests, 100 MB bodies, an import
// flood, a stream flood — while sampling the server's RSS (the next-server process and its
// children, /proc/<pid>/status VmRSS). Reports RSS before, after and at peak against the Deployment's
// memory limit, and whether the victim still holds every token. Writes bench/results/flood.json.
// Every request goes to 127.0.0.1 only, and every loop is bounded.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCluster, root, startCluster } from '../scripts/lib/cluster.mjs';
import { buildIsFresh, buildNext, startNext } from '../scripts/lib/next.mjs';
import { processTree, treeRssKiB } from './proc.mjs';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const quick = process.argv.includes('--quick');
// --only=cookieless,bodies,page-bodies,imports,streams runs some of the floods.
const only = arg('only', '') ? new Set(arg('only', '').split(',')) : undefined;
const wants = (key) => !only || only.has(key);
const port = Number(arg('port', '3321'));
/**
 * The server's V8 heap cap (MiB), as in a 512 MiB container: without one, Node sizes its heap from
 * the machine's memory and lets garbage pile up long before it collects, so RSS would say little
 * about what the server keeps. `--heap=0` runs without a cap.
 */
const heapMiB = Number(arg('heap', '384'));
const COOKIELESS = quick ? 2000 : 20_000;
const BODIES = 16;
const BODY_BYTES = 100 * 1024 * 1024;
const IMPORTS = quick ? 2000 : 13_213;
const STREAMS = 20;
const CONCURRENCY = 32;
const VICTIM_TOKENS = 3;
/** deploy/kubernetes/tokenscope.yaml: resources.limits.memory. */
const MEMORY_LIMIT_MIB = 512;

const say = (m) => process.stderr.write(`${m}\n`);
const origin = `http://127.0.0.1:${port}`;
const csrf = { 'content-type': 'application/json', 'x-tokenscope-request': '1', origin };

// ---- RSS of the server: the `next start` process and everything it spawned.
function rssMiB(pid) {
  return treeRssKiB(pid) / 1024;
}
function processNames(pid) {
  return processTree(pid).map((p) => {
    try {
      return `${p} ${readFileSync(`/proc/${p}/comm`, 'utf8').trim()}`;
    } catch {
      return `${p} ?`;
    }
  });
}

// ---- requests
async function fetchJson(path, init = {}) {
  const res = await fetch(`${origin}${path}`, init);
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}

/** Runs `total` calls of `one(i)` with at most CONCURRENCY at once; counts the statuses. */
async function flood(total, one) {
  const statuses = {};
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      let status;
      try {
        status = await one(i);
      } catch (err) {
        status = `error:${err.cause?.code ?? err.code ?? err.message}`;
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return statuses;
}

/**
 * POSTs a body of BODY_BYTES, written in 64 KiB chunks as the socket drains (never held whole in
 * this process), with or without a Content-Length. Stops writing once the server answers.
 */
function bigPost(path, declareLength) {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const headers = { ...csrf, ...(declareLength ? { 'content-length': String(BODY_BYTES) } : {}) };
    const req = httpRequest(`${origin}${path}`, { method: 'POST', headers });
    let sent = 0;
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ ...result, sentMiB: Math.round(sent / 1024 / 1024) });
    };
    req.on('response', (res) => {
      res.resume();
      finish({ status: res.statusCode });
    });
    req.on('error', (err) => finish({ status: `error:${err.code ?? err.message}` }));
    const write = () => {
      while (!done && sent < BODY_BYTES) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', write);
      }
      if (!done) req.end();
    };
    write();
  });
}

const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A JWT-shaped token of about `bytes` characters (imports are decoded, not verified). */
function fakeToken(bytes, claims = {}) {
  const head = b64({ alg: 'RS256', kid: 'flood' });
  const body = (pad) => b64({ sub: 'system:serviceaccount:default:flood', jti: crypto.randomUUID(), pad, ...claims });
  const base = `${head}.${body('')}.c2ln`.length;
  return `${head}.${body('x'.repeat(Math.max(0, Math.floor(((bytes - base) * 3) / 4))))}.c2ln`;
}

// ---- the run
const dir = mkdtempSync(join(tmpdir(), 'tokenscope-flood-'));
let cluster;
let next;
const result = { date: new Date().toISOString(), quick, heapMiB, memoryLimitMiB: MEMORY_LIMIT_MIB, phases: [] };
try {
  await buildCluster({ log: say });
  cluster = await startCluster({ dataDir: dir, log: say });
  if (!buildIsFresh()) {
    say('next build (sources are newer than .next)…');
    await buildNext();
  }
  next = await startNext({
    port,
    env: {
      KUBECONFIG: cluster.info.kubeconfig,
      TOKENSCOPE_LOG_LEVEL: 'error',
      ...(heapMiB > 0 ? { NODE_OPTIONS: `--max-old-space-size=${heapMiB}` } : {}),
    },
    onOutput: () => {},
  });
  const pid = next.child.pid;
  result.processes = processNames(pid);
  say(`next start: ${result.processes.join(', ')}`);

  let peak = 0;
  let phasePeak = 0;
  const sampler = setInterval(() => {
    const now = rssMiB(pid);
    peak = Math.max(peak, now);
    phasePeak = Math.max(phasePeak, now);
  }, 50);

  // The victim: one session holding a few minted tokens (TokenRequest for default/default).
  let cookie = '';
  const victim = [];
  for (let i = 0; i < VICTIM_TOKENS; i++) {
    const r = await fetchJson('/api/tokens', {
      method: 'POST',
      headers: { ...csrf, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ namespace: 'default', serviceAccount: 'default', expirationSeconds: 3600 }),
    });
    if (r.status !== 201) throw new Error(`victim mint failed: ${r.status} ${JSON.stringify(r.body)}`);
    cookie ||= (r.headers.get('set-cookie') ?? '').split(';')[0];
    victim.push(r.body.id);
  }
  // Warm every route the floods use, so RSS "before" is the server at work, not a cold one.
  for (const p of ['/api/tokens', '/api/healthz', '/api/identity', '/api/session']) await fetchJson(p);
  await new Promise((r) => setTimeout(r, 1000));
  result.rssBeforeMiB = rssMiB(pid);
  peak = result.rssBeforeMiB;
  say(`RSS before: ${result.rssBeforeMiB.toFixed(0)} MiB`);

  const phase = async (key, name, run) => {
    if (!wants(key)) return;
    const started = Date.now();
    phasePeak = rssMiB(pid);
    const outcome = await run();
    const after = rssMiB(pid);
    const p = { name, seconds: (Date.now() - started) / 1000, rssPeakMiB: Math.max(phasePeak, after), rssAfterMiB: after, ...outcome };
    result.phases.push(p);
    say(`${name}: ${JSON.stringify(p)}`);
  };

  // 1. Cookie-less requests: half reads (which once each made a session), half same-origin
  //    mutations (which must make one, and once evicted the oldest session at the 1,001st).
  await phase('cookieless', `${COOKIELESS} cookie-less requests`, async () => ({
    statuses: await flood(COOKIELESS, async (i) => {
      const res =
        i % 2 === 0
          ? await fetch(`${origin}${i % 4 === 0 ? '/api/tokens' : '/api/healthz'}`)
          : await fetch(`${origin}/api/tokens/tok_AAAAAAAAAAAAAAAAAAAAAAAA`, { method: 'DELETE', headers: csrf });
      await res.arrayBuffer();
      return res.status;
    }),
  }));

  // 2. 16 bodies of 100 MB at once, half with a Content-Length, half chunked, to sign-in and import.
  await phase('bodies', `${BODIES} x 100 MB bodies`, async () => {
    const replies = await Promise.all(
      Array.from({ length: BODIES }, (_, i) => bigPost(i % 2 ? '/api/session' : '/api/tokens/import', i % 4 < 2)),
    );
    const statuses = {};
    for (const r of replies) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return { statuses, clientSentMiBMax: Math.max(...replies.map((r) => r.sentMiB)) };
  });

  // 2b. The same to a page: the proxy (CSP nonce) runs for pages, and Next clones the body of a
  //     request the proxy sees, holding up to experimental.proxyClientMaxBodySize of it.
  await phase('page-bodies', `${BODIES} x 100 MB bodies to a page`, async () => {
    const replies = await Promise.all(Array.from({ length: BODIES }, (_, i) => bigPost('/', i % 2 === 0)));
    const statuses = {};
    for (const r of replies) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return { statuses, clientSentMiBMax: Math.max(...replies.map((r) => r.sentMiB)) };
  });

  // 3. An import flood: 8 KiB tokens (the largest accepted), a fresh session for every 30 (each
  //    once brought a full rate bucket), a tenth without exp, plus 16 KiB ones (now refused).
  await phase('imports', `${IMPORTS} imports`, async () => {
    const jars = new Map();
    const statuses = await flood(IMPORTS, async (i) => {
      const jar = Math.floor(i / 30);
      const size = i % 20 === 0 ? 16 * 1024 : 8 * 1024 - 64;
      const token = fakeToken(size, i % 10 === 1 ? {} : { exp: Math.floor(Date.now() / 1000) + 3600 });
      const res = await fetch(`${origin}/api/tokens/import`, {
        method: 'POST',
        headers: { ...csrf, ...(jars.get(jar) ? { cookie: jars.get(jar) } : {}) },
        body: JSON.stringify({ token }),
      });
      const set = res.headers.get('set-cookie');
      if (set && !jars.has(jar)) jars.set(jar, set.split(';')[0]);
      await res.arrayBuffer();
      return res.status;
    });
    return { statuses, sessionsUsed: jars.size };
  });

  // 4. One session opens STREAMS event streams.
  await phase('streams', `${STREAMS} event streams of one session`, async () => {
    const aborts = [];
    const statuses = {};
    for (let i = 0; i < STREAMS; i++) {
      const a = new AbortController();
      aborts.push(a);
      const res = await fetch(`${origin}/api/events?kinds=serviceaccounts`, { headers: { cookie }, signal: a.signal });
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status !== 200) await res.arrayBuffer();
    }
    for (const a of aborts) a.abort();
    return { statuses };
  });

  result.serverAlive = next.child.exitCode === null && next.child.signalCode === null;
  // The victim afterwards: every token listed, held, and still usable (a reveal answers it).
  const list = await fetchJson('/api/tokens', { headers: { cookie } });
  const ids = new Set((list.body?.tokens ?? []).filter((t) => t.held).map((t) => t.id));
  const reveal = await fetchJson(`/api/tokens/${victim[0]}/reveal`, { method: 'POST', headers: { ...csrf, cookie }, body: '{}' });
  result.victim = {
    minted: victim.length,
    stillHeld: victim.filter((id) => ids.has(id)).length,
    revealStatus: reveal.status,
  };
  await new Promise((r) => setTimeout(r, 2000));
  clearInterval(sampler);
  result.rssAfterMiB = rssMiB(pid);
  result.rssPeakMiB = Math.max(peak, result.rssAfterMiB, ...result.phases.map((p) => p.rssPeakMiB));
  result.underLimit = result.rssPeakMiB < MEMORY_LIMIT_MIB;
  result.victimIntact = result.victim.stillHeld === result.victim.minted && reveal.status === 200;
  try {
    result.commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {}
} finally {
  await next?.stop();
  await cluster?.stop?.();
  rmSync(dir, { recursive: true, force: true });
}

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'flood.json'), `${JSON.stringify(result, null, 2)}\n`);
const mib = (v) => `${v.toFixed(0)} MiB`;
console.log('| phase | seconds | statuses | RSS peak | RSS after |');
console.log('|---|---|---|---|---|');
for (const p of result.phases) {
  console.log(`| ${p.name} | ${p.seconds.toFixed(1)} | ${Object.entries(p.statuses).map(([k, v]) => `${k}: ${v}`).join(', ')} | ${mib(p.rssPeakMiB)} | ${mib(p.rssAfterMiB)} |`);
}
console.log(`\nRSS before ${mib(result.rssBeforeMiB)}, peak ${mib(result.rssPeakMiB)}, after ${mib(result.rssAfterMiB)} (limit ${MEMORY_LIMIT_MIB} MiB: ${result.underLimit ? 'under' : 'OVER'})`);
console.log(`victim: ${result.victim.stillHeld} of ${result.victim.minted} tokens still held, reveal ${result.victim.revealStatus}`);
process.exitCode = result.underLimit && result.victimIntact ? 0 : 1;
