// npm run demo: the embedded local control plane (unless KUBECONFIG or --kubeconfig names a
// cluster), the seed scenarios, and the dashboard on 127.0.0.1. Ctrl-C stops what it started.
// Works as the first command after `git clone`: it installs the npm packages when they are missing.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
// Builtin-only modules: on a fresh clone node_modules does not exist yet when these load.
import { ensureGo, ensureNodeModules } from './lib/bootstrap.mjs';
import {
  buildCluster,
  defaultKube,
  kubeVersions,
  root,
  selectedKube,
  superviseCluster,
} from './lib/cluster.mjs';
import { buildIsFresh, buildNext, startNext } from './lib/next.mjs';

const usage = `npm run demo [-- options]
  --port N          port of the dashboard on 127.0.0.1 (default: PORT, else 3000)
  --kubeconfig PATH use your cluster instead of the embedded one (default: KUBECONFIG)
  --data-dir DIR    the embedded control plane's state (default .tokenscope/demo-cluster; kept between runs)
  --no-seed         do not apply the seed scenarios
  --help            this text
TOKENSCOPE_KUBE=1.35 runs the embedded control plane at Kubernetes 1.35 instead of 1.36
(default data dir .tokenscope/demo-cluster-1.35).`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      port: { type: 'string', default: process.env.PORT || '3000' },
      'data-dir': { type: 'string' },
      'no-seed': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (err) {
  console.error(`[demo] ${err.message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const say = (m) => console.log(`[demo] ${m}`);
const stops = [];
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  // All at once, not one after the other: Ctrl-C reaches the control plane too (same process
  // group), and its supervisor must know it is being stopped before it sees it exit, or it
  // would start it again.
  await Promise.all(stops.map((stop) => stop().catch(() => {})));
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
    for (const r of body.results)
      say(`  ${name}: ${r.kind}/${r.name} ${r.outcome}${r.detail ? ` (${r.detail})` : ''}`);
  }
}

/** The dashboard's port, checked before minutes of building: a clear message instead of next's. */
async function checkPort(text) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`--port ${text} is not a port number`);
  await new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', (err) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${port} on 127.0.0.1 is in use; pick another: npm run demo -- --port ${port + 1}`
            : err.message,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(resolvePromise));
  });
  return port;
}

try {
  const port = await checkPort(values.port);
  let kubeconfig = values.kubeconfig ? resolve(values.kubeconfig) : process.env.KUBECONFIG;
  let auditLog = process.env.TOKENSCOPE_AUDIT_LOG;
  if (kubeconfig && !kubeconfig.split(delimiter).some((f) => existsSync(f)))
    throw new Error(`kubeconfig ${kubeconfig} does not exist`);
  if (!kubeconfig) ensureGo();
  await ensureNodeModules(root);
  if (kubeconfig) {
    say(`using your cluster from ${kubeconfig}`);
  } else {
    const kube = selectedKube();
    say(`starting the embedded local control plane (etcd + kube-apiserver ${kubeVersions[kube].version})…`);
    await buildCluster({ log: say });
    // Supervised: if it dies, it is started again on the same data dir and port while the
    // dashboard stays up (showing its outage banner until the API server answers again).
    const cluster = await superviseCluster({
      dataDir:
        values['data-dir'] ??
        join(root, '.tokenscope', kube === defaultKube ? 'demo-cluster' : `demo-cluster-${kube}`),
      log: say,
    });
    stops.push(cluster.stop);
    kubeconfig = cluster.info.kubeconfig;
    auditLog = cluster.info.auditLog;
  }
  if (!buildIsFresh()) {
    say('building the dashboard (next build)…');
    await buildNext();
  }
  const next = await startNext({
    port,
    env: { KUBECONFIG: kubeconfig, ...(auditLog ? { TOKENSCOPE_AUDIT_LOG: auditLog } : {}) },
  });
  stops.push(next.stop);
  next.exited.then(({ code, signal }) => {
    if (!stopping) {
      console.error(`[demo] the dashboard exited (${signal ?? code})`);
      shutdown(1);
    }
  });
  if (!values['no-seed']) {
    say('applying the seed scenarios…');
    await applySeed(next.url);
  }
  say(`Tokenscope is ready: ${next.url}`);
  say('Open it, go to Scenarios (the seed is already applied) and press "Presenter mode".');
  say(`kubectl works too:  export KUBECONFIG=${kubeconfig}`);
  say('Press Ctrl-C to stop.');
} catch (err) {
  console.error(`[demo] ${err.message}`);
  await shutdown(1);
}
