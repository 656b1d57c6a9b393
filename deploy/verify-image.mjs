// npm run image:verify [-- --fresh]: builds deploy/Dockerfile and runs the image the way
// deploy/kubernetes/tokenscope.yaml runs it (read-only root, its user, no capabilities, its emptyDirs,
// a ServiceAccount token mounted as in a pod) against a local control plane, then checks it works
// and can do no more than the manifest grants. Root only: it installs docker.io and debootstrap with
// apt-get and starts a private dockerd, which it stops again. --fresh drops the cached base image and
// build cache first. Prints `ok`/`FAIL` lines and `N passed, M failed`; exits non-zero on a failure.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { buildCluster, root, startCluster } from '../scripts/lib/cluster.mjs';
import { verifyPod } from './lib/checks.mjs';
import { ensurePackages, importStandIn, run, startDockerd } from './lib/host.mjs';
import {
  createObjects,
  firstOkProbe,
  kubeRequest,
  podProbe,
  podRunArgs,
  presenter,
  presenterObjects,
  startForwarder,
} from './lib/pod.mjs';

const { values: flags } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
const started = Date.now();
const stateDir = '/var/lib/tokenscope-verify';
const socket = '/run/tokenscope-verify.sock';
const execRoot = '/run/tokenscope-verify';
const baseTag = 'node:20-bookworm-slim';
const sa = { namespace: 'tokenscope', name: 'tokenscope' };
const manifestPath = join(root, 'deploy/kubernetes/tokenscope.yaml');
const scenarioDir = join(root, 'scenarios/token-request');
const work = mkdtempSync(join(tmpdir(), 'tokenscope-verify-'));
const hostLog = join(work, 'host.log');
const cleanups = [];
const figures = [];
let passed = 0;
let failed = 0;

const say = (line) => process.stdout.write(`${line}\n`);
function check(ok, what, detail = '') {
  say(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` — ${detail}` : ''}`);
  if (ok) passed++;
  else failed++;
  return ok;
}
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
async function timed(label, fn) {
  const t = Date.now();
  const result = await fn();
  figures.push([label, seconds(Date.now() - t)]);
  return result;
}

async function main() {
  if (process.getuid?.() !== 0)
    throw new Error('run as root: it installs packages with apt-get and starts dockerd');
  // The machine is shared: everything started from here (dockerd, builds, the cluster) inherits this.
  if (getPriority() < 10) setPriority(10);
  const installed = await timed('apt-get (docker.io, debootstrap)', () =>
    ensurePackages(['docker.io', 'debootstrap'], hostLog),
  );
  check(
    true,
    'packages',
    installed.length ? `installed ${installed.join(', ')}` : 'docker.io and debootstrap already installed',
  );

  if (flags.fresh) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const hadBridge = existsSync('/sys/class/net/docker0');
  const daemon = await timed('dockerd start', () =>
    startDockerd({
      dataRoot: join(stateDir, 'docker'),
      execRoot,
      socket,
      logFile: join(work, 'dockerd.log'),
    }),
  );
  cleanups.push(async () => {
    await daemon.stop();
    if (!daemon.started) return;
    rmSync(execRoot, { recursive: true, force: true });
    if (!hadBridge) await run('ip', ['link', 'delete', 'docker0']);
  });
  const docker = daemon.docker;
  check(
    true,
    'dockerd',
    `${daemon.started ? 'started' : 'reused'} on ${socket} (storage ${daemon.driver}${daemon.flags?.length ? `, ${daemon.flags.join(' ')}` : ''})`,
  );

  const base = await timed('base image', async () => {
    const found = await docker([
      'image',
      'inspect',
      baseTag,
      '--format',
      '{{index .Config.Labels "org.tokenscope.stand-in"}}',
    ]);
    if (found.code === 0)
      return found.stdout.trim() && found.stdout.trim() !== '<no value>'
        ? `stand-in (cached): ${found.stdout.trim()}`
        : 'as found in the daemon';
    if ((await docker(['pull', baseTag], { timeoutMs: 120_000 })).code === 0)
      return 'pulled from the registry';
    const npmRoot = (await run('npm', ['root', '-g'])).stdout.trim();
    const { extraCa } = await importStandIn({
      docker,
      tag: baseTag,
      workDir: join(stateDir, 'stand-in'),
      npmRoot,
      logFile: hostLog,
    });
    return `stand-in built now (registry unreachable): debootstrap bookworm minbase + node ${process.version}${extraCa ? ' + NODE_EXTRA_CA_CERTS for npm' : ''}`;
  });
  check(true, `base ${baseTag}`, base);

  const docs = parseAllDocuments(readFileSync(manifestPath, 'utf8')).map((d) => d.toJS());
  const deployment = docs.find((o) => o?.kind === 'Deployment');
  const image = deployment.spec.template.spec.containers[0].image;
  const buildLog = join(work, 'build.log');
  const buildArgs = [
    'build',
    '-f',
    'deploy/Dockerfile',
    '-t',
    image,
    ...(daemon.hostNetworkBuild ? ['--network', 'host'] : []),
    root,
  ];
  const build = await timed('docker build', () => docker(buildArgs, { logFile: buildLog }));
  if (
    !check(
      build.code === 0,
      `docker build -f deploy/Dockerfile -t ${image} .`,
      build.code === 0 ? figures.at(-1)[1] : `see ${buildLog}`,
    )
  ) {
    say(readFileSync(buildLog, 'utf8').split('\n').slice(-30).join('\n'));
    return;
  }
  const imageUser = (await docker(['image', 'inspect', image, '--format', '{{.Config.User}}'])).stdout.trim();
  check(
    /^[1-9]\d*(:\d+)?$/.test(imageUser),
    'the image itself runs as a numeric non-root user',
    `USER ${imageUser || '(root)'}`,
  );
  const env = JSON.parse((await docker(['image', 'inspect', image, '--format', '{{json .Config.Env}}'])).stdout || '[]');
  const extraCa = env.find((e) => e.startsWith('NODE_EXTRA_CA_CERTS='));
  check(
    !extraCa || extraCa === 'NODE_EXTRA_CA_CERTS=',
    'the runtime trusts no extra CA inherited from a base image',
    extraCa ?? 'NODE_EXTRA_CA_CERTS unset',
  );
  // What went into /app: no env files, cluster data, keys or kubeconfigs, and no JWT in the app's
  // own files (node_modules is third-party code; it is named-checked, not scanned).
  const scan = `
    const fs = require('fs'), path = require('path');
    const bad = [], jwt = /eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}/;
    let files = 0;
    (function walk(dir, inModules) {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (/^\\.env|^\\.tokenscope$|^\\.kube$|\\.(pem|key)$|kubeconfig/i.test(e.name)) bad.push(p);
        if (e.isDirectory()) walk(p, inModules || e.name === 'node_modules');
        else if (e.isFile() && !inModules) { files++; if (jwt.test(fs.readFileSync(p, 'latin1'))) bad.push(p + ' (JWT)'); }
      }
    })('/app', false);
    console.log(JSON.stringify({ files, bad }));`;
  const scanned = await docker(['run', '--rm', '--network', 'none', '--entrypoint', 'node', image, '-e', scan]);
  let found = { files: 0, bad: [`scan failed: ${scanned.stderr?.trim() ?? scanned.code}`] };
  try {
    found = JSON.parse(scanned.stdout.trim().split('\n').at(-1));
  } catch {}
  check(
    found.files > 0 && found.bad.length === 0,
    'the image holds no env file, cluster data, key, kubeconfig or JWT',
    found.bad.length ? found.bad.join(', ') : `${found.files} app files scanned`,
  );
  const size = async (ref) =>
    Number((await docker(['image', 'inspect', ref, '--format', '{{.Size}}'])).stdout) / 1e6;
  const [imageMb, baseMb] = [await size(image), await size(baseTag)];
  figures.push([
    'image size',
    `${imageMb.toFixed(0)} MB (base ${baseMb.toFixed(0)} MB + app ${(imageMb - baseMb).toFixed(0)} MB)`,
  ]);

  const cluster = await timed('local control plane (go build + start)', async () => {
    await buildCluster({ log: (m) => say(`info ${m}`) });
    return startCluster({ dataDir: join(work, 'cluster'), log: () => {} });
  });
  cleanups.push(cluster.stop);
  const info = cluster.info;
  const admin = { server: info.server, ca: readFileSync(info.caFile), token: info.adminToken };
  const scenarioFiles = readdirSync(scenarioDir)
    .filter((f) => /^\d\d-.*\.yaml$/.test(f))
    .map((f) => join(scenarioDir, f));
  const kubectl = (await run('kubectl', ['version', '--client'])).code === 0;
  let token;
  if (kubectl) {
    const kc = ['--kubeconfig', info.kubeconfig];
    const applied = await run('kubectl', [
      ...kc,
      'apply',
      '-f',
      manifestPath,
      ...scenarioFiles.flatMap((f) => ['-f', f]),
    ]);
    check(
      applied.code === 0,
      'kubectl apply -f deploy/kubernetes/tokenscope.yaml (and the token-request scenario)',
      applied.code === 0 ? `${applied.stdout.trim().split('\n').length} objects` : applied.stderr.trim(),
    );
    const minted = await run('kubectl', [
      ...kc,
      '-n',
      sa.namespace,
      'create',
      'token',
      sa.name,
      '--duration=3600s',
    ]);
    token = minted.stdout.trim();
    check(
      minted.code === 0 && token.split('.').length === 3,
      `kubectl create token ${sa.name} -n ${sa.namespace}`,
      minted.stderr.trim(),
    );
  } else {
    const objects = [
      ...docs,
      ...scenarioFiles.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS())),
    ].filter(Boolean);
    await createObjects(admin, objects);
    check(true, 'manifests created through the API (no kubectl on PATH)', `${objects.length} objects`);
    const r = await kubeRequest(
      admin,
      'POST',
      `/api/v1/namespaces/${sa.namespace}/serviceaccounts/${sa.name}/token`,
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      },
    );
    token = r.json?.status?.token ?? '';
    check(r.status === 201, `TokenRequest for ${sa.namespace}/${sa.name}`, `${r.status}`);
  }

  // Shared mode acts as whoever signs in: the probe signs in as a workshop presenter.
  await createObjects(admin, presenterObjects);
  const signedIn = await kubeRequest(
    admin,
    'POST',
    `/api/v1/namespaces/${presenter.namespace}/serviceaccounts/${presenter.name}/token`,
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  );
  const presenterToken = signedIn.json?.status?.token ?? '';
  check(signedIn.status === 201, `a presenter to sign in as (${presenter.namespace}/${presenter.name})`, `${signedIn.status}`);

  const saDir = join(work, 'serviceaccount');
  mkdirSync(saDir, { recursive: true });
  writeFileSync(join(saDir, 'token'), token, { mode: 0o644 });
  writeFileSync(join(saDir, 'ca.crt'), admin.ca, { mode: 0o644 });
  writeFileSync(join(saDir, 'namespace'), sa.namespace, { mode: 0o644 });
  const hostIp = await bridgeGateway(docker);
  const forwarder = await startForwarder(hostIp, info.server);
  cleanups.push(forwarder.close);

  const name = `tokenscope-verify-${process.pid}`;
  const apiHost = 'kubernetes.default.svc';
  const runArgs = podRunArgs(deployment, { name, saDir, apiHost, apiPort: forwarder.port, hostIp });
  cleanups.push(() => docker(['rm', '-f', name]));
  const runAt = Date.now();
  const ran = await docker(runArgs);
  const shown = runArgs.slice(4, -1).join(' ');
  if (
    !check(ran.code === 0, 'docker run as the manifest runs it', ran.code === 0 ? shown : ran.stderr.trim())
  )
    return;
  // Polls from inside as soon as the container exists; docker exec adds its own start-up, so the
  // figure is an upper bound. The server's own "Ready" log line gives the lower one.
  const first = await docker(['exec', name, 'node', '-e', firstOkProbe]);
  const firstOk = Number(first.stdout.trim());
  const stamp = (t) => Date.parse(t.replace(/(\.\d{3})\d*/, '$1'));
  const startedAt = stamp(
    (await docker(['inspect', name, '--format', '{{.State.StartedAt}}'])).stdout.trim(),
  );
  const readyLine = (await docker(['logs', '-t', name])).stdout.split('\n').find((l) => l.includes('Ready'));
  const readyMs = readyLine ? stamp(readyLine.split(' ')[0]) - startedAt : Number.NaN;
  if (
    !check(
      Number.isFinite(firstOk),
      'first 200 from /api/healthz inside the container',
      Number.isFinite(firstOk) ? `${firstOk - startedAt} ms` : `${first.stdout}${first.stderr}`.trim(),
    )
  )
    return;
  figures.push([
    'time to first 200',
    `${firstOk - startedAt} ms after the container started (${firstOk - runAt} ms after \`docker run\`; server logged Ready at ${readyMs} ms)`,
  ]);

  const probe = await docker(['exec', '-i', name, 'node', '-'], { input: podProbe(presenterToken) });
  let p;
  try {
    p = JSON.parse(probe.stdout);
  } catch {
    check(false, 'in-container probe', `${probe.stdout}${probe.stderr}`.slice(0, 2000));
    return;
  }
  if (!check(!p.error, 'in-container probe ran', p.error ?? '')) return;
  verifyPod(p, { deployment, apiPort: forwarder.port, apiHost, presenter, check, say });

  for (const kind of ['readinessProbe', 'livenessProbe']) {
    const cmd = deployment.spec.template.spec.containers[0][kind]?.exec?.command;
    if (!cmd) continue;
    const r = await docker(['exec', name, ...cmd]);
    check(
      r.code === 0,
      `${kind} command from the manifest succeeds`,
      r.code === 0 ? '' : `exit ${r.code} ${r.stderr.trim()}`,
    );
  }
  const stats = await docker(['stats', '--no-stream', '--format', '{{.MemUsage}}', name]);
  figures.push(['memory after the checks', stats.stdout.trim()]);
  const stopAt = Date.now();
  await docker(['stop', '-t', '30', name]);
  const stopMs = Date.now() - stopAt;
  check(stopMs < 10_000, 'stops on SIGTERM well inside the 30 s grace period', `${stopMs} ms`);
}

/** The host's address on docker's default bridge (a fresh daemon leaves IPAM's Gateway empty). */
async function bridgeGateway(docker) {
  const fmt = '{{(index .IPAM.Config 0).Gateway}}|{{index .Options "com.docker.network.bridge.name"}}';
  const [gateway, bridge] = (await docker(['network', 'inspect', 'bridge', '--format', fmt])).stdout
    .trim()
    .split('|');
  if (gateway) return gateway;
  // os.networkInterfaces() skips a bridge with no container attached yet, so ask iproute2.
  const shown = await run('ip', ['-4', '-o', 'addr', 'show', 'dev', bridge || 'docker0']);
  const address = /\binet (\d+\.\d+\.\d+\.\d+)\//.exec(shown.stdout)?.[1];
  if (!address) throw new Error(`no IPv4 address on docker's bridge ${bridge}`);
  return address;
}

async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (err) {
      say(`info cleanup: ${err.message}`);
    }
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}
try {
  await main();
} catch (err) {
  check(false, 'verify-image', err.message);
}
await cleanup();
figures.push(['total wall time', seconds(Date.now() - started)]);
for (const [label, value] of figures) say(`info ${label}: ${value}`);
if (failed) say(`info logs kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
say(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
