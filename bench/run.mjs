// npm run bench [-- --quick]: starts a local control plane and `next start`, measures, prints a
// markdown table and writes bench/results/latest.json. Targets are never loosened: a miss stays
// visible with pass=false.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureBff, seedPods } from './bff.mjs';
import { firstLoadJs, launch } from './browser.mjs';
import { buildCluster, root, startCluster } from '../scripts/lib/cluster.mjs';
import { buildIsFresh, buildNext, startNext } from '../scripts/lib/next.mjs';

const quick = process.argv.includes('--quick');
const iterations = quick ? 60 : 500;
const warmup = quick ? 10 : 50;
const podCount = 500;
const figures = [];
const say = (m) => console.error(`[bench] ${m}`);
const fig = (name, value, unit, target, cmp = '<=') =>
  figures.push({ name, value: Math.round(value * 100) / 100, unit, target, pass: cmp === '<=' ? value <= target : value >= target });

const started = Date.now();
await buildCluster({ log: say });
const dir = mkdtempSync(join(tmpdir(), 'tokenscope-bench-'));
let cluster;
let next;
try {
  say('control plane: fresh data dir');
  const fresh = await startCluster({ dataDir: dir, log: say });
  fig('control plane start to READY, fresh data dir', fresh.info.startMillis / 1000, 's', 15);
  await fresh.stop();
  cluster = await startCluster({ dataDir: dir, log: say });
  fig('control plane start to READY, existing data dir', cluster.info.startMillis / 1000, 's', 15);

  say(`seeding ${podCount} pods`);
  await seedPods(cluster.info, 'bench', podCount);

  if (!buildIsFresh()) await buildNext();
  next = await startNext({ port: 3299, env: { KUBECONFIG: cluster.info.kubeconfig, TOKENSCOPE_LOG_LEVEL: 'warn', TOKENSCOPE_RATE_LIMIT: 'off' }, onOutput: () => {} });
  fig('next start to first 200', next.startMillis / 1000, 's', 3);

  say(`BFF overhead: ${iterations} interleaved iterations after ${warmup} warm-up`);
  const bff = await measureBff({ cluster: cluster.info, url: next.url, namespace: 'bench', iterations, warmup });
  if (bff.listedItems !== podCount) throw new Error(`expected ${podCount} pods listed, got ${bff.listedItems}`);
  fig(`list ${podCount} pods: BFF p50`, bff.list.bff.p50, 'ms', Number.POSITIVE_INFINITY);
  fig(`list ${podCount} pods: direct client-node p50 (floor)`, bff.list.direct.p50, 'ms', Number.POSITIVE_INFINITY);
  fig(`list ${podCount} pods: BFF overhead p50 (paired)`, bff.list.overhead.p50, 'ms', 3);
  fig(`list ${podCount} pods: BFF overhead p95 (paired)`, bff.list.overhead.p95, 'ms', 10);
  fig('TokenRequest: BFF p50', bff.mint.bff.p50, 'ms', Number.POSITIVE_INFINITY);
  fig('TokenRequest: direct client-node p50 (floor)', bff.mint.direct.p50, 'ms', Number.POSITIVE_INFINITY);
  fig('TokenRequest: BFF overhead p50 (paired)', bff.mint.overhead.p50, 'ms', 3);
  fig('TokenRequest: BFF overhead p95 (paired)', bff.mint.overhead.p95, 'ms', 10);

  say('RBAC engine');
  const engineRun = spawnSync('npx', ['vitest', 'run', '--project', 'bench', 'bench/engine.bench.test.ts'], { cwd: root, stdio: 'ignore' });
  if (engineRun.status !== 0) throw new Error('engine benchmark failed');
  const engine = JSON.parse(readFileSync(join(root, 'bench/results/engine.tmp.json'), 'utf8'));
  fig(`RBAC index build (${engine.bindings} bindings, ${engine.roles} roles, ${engine.serviceAccounts} SAs) p50`, engine.indexBuildMs.p50, 'ms', 200);
  fig('effective permissions of one ServiceAccount p50', engine.effectivePermissionsMs.p50, 'ms', 2);
  fig('effective permissions of one ServiceAccount p95', engine.effectivePermissionsMs.p95, 'ms', 2);
  fig('authorize one request p50', engine.authorizeMs.p50, 'ms', 2);
  fig('RBAC index heap', engine.heapDeltaMB, 'MB', Number.POSITIVE_INFINITY);

  say('first-load JavaScript');
  const browser = await launch();
  try {
    for (const path of ['/', '/tokens', '/serviceaccounts', '/rbac']) {
      try {
        const bytes = await firstLoadJs(browser, `${next.url}${path}`);
        fig(`first-load JS ${path} (compressed)`, bytes / 1024, 'kB', 150);
      } catch (err) {
        say(`first-load JS ${path}: ${err.message}`);
        fig(`first-load JS ${path} (compressed): page failed to load`, Number.NaN, 'kB', 150);
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  await next?.stop();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const result = {
  figures: figures.map((f) => ({ ...f, target: Number.isFinite(f.target) ? f.target : null, pass: Number.isFinite(f.target) ? f.pass : null })),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version },
  commit,
  quick,
  iterations,
  date: new Date().toISOString(),
  wallSeconds: Math.round((Date.now() - started) / 1000),
};
writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(result, null, 2)}\n`);
const rows = result.figures.map(
  (f) => `| ${f.name} | ${f.value} ${f.unit} | ${f.target === null ? '—' : `≤ ${f.target} ${f.unit}`} | ${f.pass === null ? 'reference' : f.pass ? 'pass' : '**miss**'} |`,
);
console.log(['| figure | measured | target | result |', '|---|---|---|---|', ...rows].join('\n'));
console.log(`\n${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, commit ${commit}, ${quick ? 'quick' : 'full'} run, ${result.wallSeconds} s`);
