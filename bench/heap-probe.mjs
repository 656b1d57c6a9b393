// The dashboard's memory on a loaded world, by hand (issue 17: the 100k world's RSS miss):
//   node bench/heap-probe.mjs KUBECONFIG [--cap MB] [--snapshot DIR] [--port N]
// Starts `next start` from this checkout's build (run `npx next build` first) on the cluster of
// KUBECONFIG with the heap capped as the Deployment caps it (384 MB unless --cap), holds an event
// stream open as a browser tab does (the live watches run), views /rbac twice, and prints each
// view's time and the server's RSS peak (process tree, sampled every 250 ms). With --snapshot it
// then writes a V8 heap snapshot of the server into DIR (SIGUSR2); `node bench/heap-summary.mjs
// DIR/*.heapsnapshot` says what the live heap holds. A cluster with a growth world: start one on a
// copy of a kept world (TOKENSCOPE_GROWTH_SNAPSHOTS, bench/README.md), e.g.
//   cp -a /work/worlds/world-10/data /tmp/w && node scripts/cluster.mjs --data-dir /tmp/w
import { parseArgs } from 'node:util';
import { startNext } from '../scripts/lib/next.mjs';
import { apiSession } from './peer.mjs';
import { treeRssKiB } from './proc.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    cap: { type: 'string', default: '384' },
    snapshot: { type: 'string' },
    port: { type: 'string', default: '3895' },
  },
});
const kubeconfig = positionals[0];
if (!kubeconfig) {
  console.error('usage: node bench/heap-probe.mjs KUBECONFIG [--cap MB] [--snapshot DIR] [--port N]');
  process.exit(2);
}
const diag = values.snapshot ? ` --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${values.snapshot}` : '';
const next = await startNext({
  port: Number(values.port),
  env: {
    KUBECONFIG: kubeconfig,
    TOKENSCOPE_LOG_LEVEL: 'warn',
    TOKENSCOPE_RATE_LIMIT: 'off',
    NODE_OPTIONS: `--max-old-space-size=${values.cap}${diag}`,
  },
  onOutput: (text) => {
    if (/heap|memory|FATAL/i.test(text)) process.stderr.write(`[next] ${text.split('\n')[0]}\n`);
  },
});
const mb = () => (treeRssKiB(next.child.pid) * 1024) / 1e6;
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, mb());
}, 250);
const session = await apiSession(next.url);
const stop = await session.listen();
let failed = false;
for (const view of ['first', 'second']) {
  const t = performance.now();
  try {
    await session.page('/rbac');
    console.log(
      `${view} /rbac view: ${Math.round(performance.now() - t)} ms, RSS peak so far ${Math.round(peak)} MB`,
    );
  } catch (err) {
    failed = true;
    await new Promise((r) => setTimeout(r, 2000));
    const state =
      next.child.exitCode !== null || next.child.signalCode !== null
        ? `exited (${next.child.signalCode ?? next.child.exitCode})`
        : 'still running';
    console.log(
      `${view} /rbac view FAILED after ${Math.round(performance.now() - t)} ms: ${err.message}; server ${state}, RSS peak ${Math.round(peak)} MB`,
    );
    break;
  }
}
if (!failed) {
  await new Promise((r) => setTimeout(r, 3000));
  console.log(
    `RSS after the views: ${Math.round(mb())} MB, peak ${Math.round(peak)} MB (heap cap ${values.cap} MB)`,
  );
  if (values.snapshot) {
    process.kill(next.child.pid, 'SIGUSR2');
    console.log(`heap snapshot requested into ${values.snapshot}; waiting 60 s for it to be written`);
    await new Promise((r) => setTimeout(r, 60_000));
  }
}
clearInterval(sampler);
stop();
await next.stop?.();
process.exit(failed ? 1 : 0);
