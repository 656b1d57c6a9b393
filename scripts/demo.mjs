// npm run demo: the embedded local control plane (unless KUBECONFIG or --kubeconfig names a
// cluster), the seed scenarios, and the dashboard on 127.0.0.1. Ctrl-C stops what it started.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCluster, root, startCluster } from './lib/cluster.mjs';
import { buildIsFresh, buildNext, startNext } from './lib/next.mjs';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'data-dir': { type: 'string', default: join(root, '.tokenscope', 'demo-cluster') },
    'no-seed': { type: 'boolean', default: false },
  },
});

const say = (m) => console.log(`[demo] ${m}`);
const stops = [];
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const stop of stops.reverse()) await stop().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

const seedScenarios = ['projected-volume', 'token-request'];

async function applySeed(url) {
  // Through the dashboard's own API, exactly as the Apply button does it.
  const first = await fetch(`${url}/api/tokens`);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
  for (const name of seedScenarios) {
    const res = await fetch(`${url}/api/scenarios/${name}/apply`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Tokenscope-Request': '1', Cookie: cookie },
      body: '{}',
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`applying ${name}: ${body.detail ?? res.status}`);
    for (const r of body.results) say(`  ${name}: ${r.kind}/${r.name} ${r.outcome}${r.detail ? ` (${r.detail})` : ''}`);
  }
}

try {
  let kubeconfig = values.kubeconfig ? resolve(values.kubeconfig) : process.env.KUBECONFIG;
  if (kubeconfig) {
    if (!kubeconfig.split(':').some((f) => existsSync(f))) throw new Error(`kubeconfig ${kubeconfig} does not exist`);
    say(`using your cluster from ${kubeconfig}`);
  } else {
    say('starting the embedded local control plane (etcd + kube-apiserver v1.36.3)…');
    await buildCluster({ log: say });
    const cluster = await startCluster({ dataDir: values['data-dir'], log: say });
    stops.push(cluster.stop);
    kubeconfig = cluster.info.kubeconfig;
    cluster.exited.then(({ code, signal }) => {
      if (!stopping) {
        console.error(`[demo] the local control plane exited (${signal ?? code}); see ${join(values['data-dir'], 'cluster.log')}`);
        shutdown(1);
      }
    });
  }
  if (!buildIsFresh()) {
    say('building the dashboard (next build)…');
    await buildNext();
  }
  const next = await startNext({ port: Number(values.port), env: { KUBECONFIG: kubeconfig } });
  stops.push(next.stop);
  if (!values['no-seed']) {
    say('applying the seed scenarios…');
    await applySeed(next.url);
  }
  say(`Tokenscope is ready: ${next.url}`);
  say(`kubectl works too:  export KUBECONFIG=${kubeconfig}`);
  say('Press Ctrl-C to stop.');
} catch (err) {
  console.error(`[demo] ${err.message}`);
  await shutdown(1);
}
