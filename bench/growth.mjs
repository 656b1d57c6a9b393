// The growth curve's cluster side (issue 17 §1–2): for one world size, the world in a real control
// plane, a fresh `next start` on it (heap capped as in the Deployment), the ServiceAccounts page in
// Chromium, the dashboard's RSS, and (with `peer`) kubectl on the same world, interleaved.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../scripts/lib/cluster.mjs';
import { startNext } from '../scripts/lib/next.mjs';
import { seedPods } from './bff.mjs';
import { credentialsOf, kubeHttp } from './kube-http.mjs';
import {
  apiSession,
  compareCanIEvery,
  compareCanIOne,
  compareListing,
  compareMintAndUse,
  compareWhoCan,
  kubectlFor,
  pickAccount,
} from './peer.mjs';
import { treeRssKiB } from './proc.mjs';
import { vitestBench } from './report.mjs';
import { firstRowsOnce, measureServiceAccountsPage } from './serviceaccounts.mjs';

/** RSS of a process and everything it spawned, in MB (10^6 bytes), from /proc/<pid>/status VmRSS. */
export function rssMB(pid) {
  return (treeRssKiB(pid) * 1024) / 1e6;
}

/** Samples the RSS of `pid` every 250 ms; `peak()` is the highest so far. */
function rssSampler(pid) {
  let peak = rssMB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMB(pid));
  }, 250);
  timer.unref();
  return {
    now: () => rssMB(pid),
    peak: () => Math.max(peak, rssMB(pid)),
    stop: () => clearInterval(timer),
  };
}

/**
 * A control plane holding the growth world of `scale`: the run's own cluster when the RBAC agreement
 * section already loaded that very world into it (`reuse`), else a fresh control plane on a data dir
 * of its own, loaded by growth-world.bench.test.ts.
 */
async function worldCluster({ scale, reuse, concurrency, say }) {
  if (reuse) {
    say(`growth ${scale}: reusing the world the RBAC agreement section loaded`);
    return { info: reuse.info, child: reuse.child, load: reuse.load, stop: async () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tokenscope-growth-'));
  // TOKENSCOPE_GROWTH_SNAPSHOTS=<dir>: a size loaded once is kept there (the stopped control plane's
  // data dir, with its load figures) and later runs start from a copy of it instead of loading the
  // world again (15 minutes at 100k). The load figures reported are then the snapshot's own.
  const snapshots = process.env.TOKENSCOPE_GROWTH_SNAPSHOTS;
  const snapshot = snapshots ? join(snapshots, `world-${scale}`) : undefined;
  if (snapshot && existsSync(join(snapshot, 'load.json'))) {
    cpSync(join(snapshot, 'data'), dir, { recursive: true });
    const load = { ...JSON.parse(readFileSync(join(snapshot, 'load.json'), 'utf8')), snapshot };
    say(`growth ${scale}: starting from the snapshot ${snapshot} (loaded before in ${load.loadSeconds.toFixed(1)} s)`);
    const cluster = await startCluster({ dataDir: dir, log: say });
    return {
      info: cluster.info,
      child: cluster.child,
      load,
      stop: async () => {
        await cluster.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const cluster = await startCluster({ dataDir: dir, log: say });
  try {
    say(`growth ${scale}: loading the world, ${concurrency} creates in flight`);
    const load = vitestBench('bench/growth-world.bench.test.ts', 'bench/results/growth-world.tmp.json', {
      TOKENSCOPE_BENCH_KUBECONFIG: cluster.info.kubeconfig,
      TOKENSCOPE_BENCH_WORLD_SCALE: String(scale),
      TOKENSCOPE_BENCH_LOAD_CONCURRENCY: String(concurrency),
    });
    say(
      `growth ${scale}: ${load.objects} objects in ${load.loadSeconds.toFixed(1)} s (${Math.round(load.objectsPerSecond)}/s), authorizer settled in ${load.settleSeconds.toFixed(1)} s`,
    );
    return {
      info: cluster.info,
      child: cluster.child,
      load,
      stop: async () => {
        await cluster.stop();
        if (snapshot) {
          rmSync(snapshot, { recursive: true, force: true });
          cpSync(dir, join(snapshot, 'data'), { recursive: true });
          writeFileSync(join(snapshot, 'load.json'), JSON.stringify(load));
          say(`growth ${scale}: kept the loaded world as ${snapshot}`);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Whether the dashboard server is still running, its RSS peak, and the last of its output. */
function serverState(next, rss, tail) {
  const c = next.child;
  const state =
    c.exitCode !== null || c.signalCode !== null
      ? `the server exited (${c.signalCode ?? c.exitCode})`
      : 'the server still runs';
  const lines = tail.trim().split('\n').slice(-5).join(' | ');
  return `${state}, RSS peak ${Math.round(rss?.peak() ?? 0)} MB; its last output: ${lines || 'none'}`;
}

/** Measures one world size; every part that fails is recorded in `errors` and the rest still runs. */
export async function measureGrowthSize({ scale, quick, browser, port, reuse, page, peer, say }) {
  const big = scale >= 5;
  const out = { scale, errors: {} };
  const cluster = await worldCluster({ scale, reuse, concurrency: 32, say });
  out.load = cluster.load;
  let next;
  let rss;
  let stopListening = () => {};
  let serverTail = '';
  try {
    await seedPods(cluster.info, 'bench', 500);
    const t = performance.now();
    next = await startNext({
      port,
      env: {
        KUBECONFIG: cluster.info.kubeconfig,
        TOKENSCOPE_LOG_LEVEL: 'warn',
        TOKENSCOPE_RATE_LIMIT: 'off',
        // As the Deployment runs it (deploy/kubernetes/tokenscope.yaml): RSS then says what is kept.
        NODE_OPTIONS: '--max-old-space-size=384',
      },
      // The last lines are kept: if the server dies (the heap is capped), they say why.
      onOutput: (text) => {
        serverTail = (serverTail + text).slice(-4000);
      },
    });
    out.nextStartMs = performance.now() - t;
    rss = rssSampler(next.child.pid);
    out.rssIdleMB = rss.now();
    const session = await apiSession(next.url);
    try {
      // An open event stream, as a browser tab keeps: the live watches run and feed the RBAC index.
      stopListening = await session.listen();
      // /rbac waits until the RBAC watches have listed the world (up to the page's own 15 s, after
      // which it lists RBAC itself); a second view then reads the watch-fed index.
      let w = performance.now();
      await session.page('/rbac');
      out.watchesWarmMs = performance.now() - w;
      w = performance.now();
      await session.page('/rbac');
      out.rbacPageWarmMs = performance.now() - w;
    } catch (err) {
      // A cut-off answer may be the server dying: give its exit a moment to be seen.
      await Promise.race([next.exited, new Promise((r) => setTimeout(r, 2000))]);
      throw new Error(`${err.message}; ${serverState(next, rss, serverTail)}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    out.rssWarmMB = rss.now();
    if (cluster.child) out.controlPlaneRssMB = rssMB(cluster.child.pid);

    if (page) {
      say(`growth ${scale}: ServiceAccounts page`);
      try {
        out.page = await measureServiceAccountsPage(browser, next.url, {
          loads: quick ? 3 : 5,
          words: ['sa-12', 'ns-3'],
          scrolls: 2,
        });
      } catch (err) {
        out.errors.page = String(err.message ?? err);
      }
    }

    if (peer) {
      const kubectl = kubectlFor(cluster.info.kubeconfig, cluster.info.dataDir);
      const http = kubeHttp(credentialsOf(cluster.info.kubeconfig), { maxSockets: 16 });
      const rounds = quick ? 3 : 5;
      const jobs = {
        listing: () =>
          compareListing({
            kubectl,
            session,
            rounds: big ? 2 : rounds,
            firstRows: () => firstRowsOnce(browser, next.url),
          }),
        canIOne: async () => {
          out.account = out.account ?? (await pickAccount(session, 'bw-ns-3'));
          return compareCanIOne({ kubectl, http, session, sa: out.account, rounds });
        },
        canIEvery: async () => {
          out.account = out.account ?? (await pickAccount(session, 'bw-ns-3'));
          return compareCanIEvery({ kubectl, http, session, sa: out.account, rounds: 1 });
        },
        whoCan: () => compareWhoCan({ http, session, namespace: 'bw-ns-3', rounds: big ? 1 : quick ? 2 : 3 }),
        mintAndUse: () =>
          compareMintAndUse({
            kubectl,
            session,
            namespace: 'bench',
            serviceAccount: 'lister',
            rounds: quick ? 5 : 10,
          }),
      };
      out.peer = {};
      for (const [name, job] of Object.entries(jobs)) {
        say(`growth ${scale}: kubectl peer, ${name}`);
        try {
          out.peer[name] = await job();
        } catch (err) {
          out.errors[name] = String(err.message ?? err);
        }
      }
      out.peerHttp = http.stats;
      http.close();
    }
    out.rssAfterMB = rss.now();
    out.rssPeakMB = rss.peak();
    if (cluster.child) out.controlPlaneRssAfterMB = rssMB(cluster.child.pid);
  } finally {
    stopListening();
    rss?.stop();
    await next?.stop();
    await cluster.stop();
  }
  return out;
}
