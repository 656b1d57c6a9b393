// The pod side of deploy/verify-image.mjs: `docker run` arguments read from the Deployment in
// deploy/kubernetes/tokenscope.yaml, the API server reached the way a pod reaches it, and the probe
// that runs inside the container.
import { request } from 'node:https';
import { createConnection, createServer } from 'node:net';

const saMount = '/var/run/secrets/kubernetes.io/serviceaccount';

function dockerMemory(quantity) {
  const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(String(quantity));
  if (!m) throw new Error(`unsupported memory quantity ${quantity}`);
  return `${m[1]}${{ Ki: 'k', Mi: 'm', Gi: 'g' }[m[2]] ?? 'b'}`;
}

/**
 * `docker run` arguments for the Deployment's one container, as the kubelet would run it: user,
 * read-only root, dropped capabilities, no privilege escalation, memory limit, env, and emptyDirs
 * (as tmpfs); the ServiceAccount files and KUBERNETES_SERVICE_HOST/PORT as in any pod. Throws on a
 * field it cannot honour, so the run never silently differs from the manifest.
 */
export function podRunArgs(deployment, { name, saDir, apiHost, apiPort, hostIp }) {
  const pod = deployment.spec.template.spec;
  if (pod.containers.length !== 1 || pod.initContainers) throw new Error('expected exactly one container');
  const c = pod.containers[0];
  const sc = { ...pod.securityContext, ...c.securityContext };
  const args = ['run', '-d', '--name', name, '--hostname', name];
  if (sc.runAsUser !== undefined) args.push('--user', `${sc.runAsUser}:${sc.runAsGroup ?? sc.runAsUser}`);
  if (sc.readOnlyRootFilesystem) args.push('--read-only');
  for (const cap of sc.capabilities?.drop ?? []) args.push('--cap-drop', cap);
  for (const cap of sc.capabilities?.add ?? []) args.push('--cap-add', cap);
  if (sc.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
  if (sc.privileged) args.push('--privileged');
  // RuntimeDefault is the runtime's default profile, which docker applies unless told otherwise.
  if (sc.seccompProfile && sc.seccompProfile.type !== 'RuntimeDefault')
    throw new Error('only seccomp RuntimeDefault is supported');
  if (c.resources?.limits?.memory) args.push('--memory', dockerMemory(c.resources.limits.memory));
  for (const e of c.env ?? []) {
    if (e.valueFrom) throw new Error(`env ${e.name}: valueFrom is not supported`);
    args.push('-e', `${e.name}=${e.value}`);
  }
  for (const m of c.volumeMounts ?? []) {
    const vol = pod.volumes?.find((v) => v.name === m.name);
    if (!vol?.emptyDir) throw new Error(`volume ${m.name}: only emptyDir is supported`);
    // emptyDir is a fresh directory every container user can write; a tmpfs is the closest match.
    args.push('--tmpfs', `${m.mountPath}:rw,mode=1777`);
  }
  args.push('-v', `${saDir}:${saMount}:ro`, '--add-host', `${apiHost}:${hostIp}`);
  args.push('-e', `KUBERNETES_SERVICE_HOST=${apiHost}`, '-e', `KUBERNETES_SERVICE_PORT=${apiPort}`);
  args.push(c.image, ...(c.command ?? []), ...(c.args ?? []));
  return args;
}

/**
 * Forwards hostIp:<free port> to the API server on the host's loopback, as a Service's ClusterIP
 * forwards to the API server: the container keeps its own network namespace.
 */
export function startForwarder(hostIp, target) {
  const url = new URL(target);
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = createConnection(Number(url.port), url.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    for (const s of [client, upstream]) {
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, hostIp, () =>
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    );
  });
}

/** One call to the API server with a bearer token, trusting only the cluster's CA. */
export function kubeRequest({ server, ca, token }, method, path, body) {
  const url = new URL(path, server);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const plurals = {
  Namespace: ['api/v1', 'namespaces', false],
  ServiceAccount: ['api/v1', 'serviceaccounts', true],
  ClusterRole: ['apis/rbac.authorization.k8s.io/v1', 'clusterroles', false],
  ClusterRoleBinding: ['apis/rbac.authorization.k8s.io/v1', 'clusterrolebindings', false],
  Role: ['apis/rbac.authorization.k8s.io/v1', 'roles', true],
  RoleBinding: ['apis/rbac.authorization.k8s.io/v1', 'rolebindings', true],
  Deployment: ['apis/apps/v1', 'deployments', true],
};

/** Creates each object (kubectl-less fallback); an object that already exists counts as applied. */
export async function createObjects(api, objects) {
  for (const o of objects) {
    const p = plurals[o.kind];
    if (!p) throw new Error(`no REST path known for kind ${o.kind}`);
    const ns = p[2] ? `namespaces/${o.metadata.namespace ?? 'default'}/` : '';
    const r = await kubeRequest(api, 'POST', `/${p[0]}/${ns}${p[1]}`, o);
    if (r.status !== 201 && r.status !== 409)
      throw new Error(`create ${o.kind}/${o.metadata.name}: ${r.status} ${r.json?.message ?? ''}`);
  }
}

/** Polls /api/healthz inside the container from its first instant; prints the time of the first 200. */
export const firstOkProbe = `
const until = Date.now() + 60000;
(async function poll() {
  try {
    const r = await fetch('http://127.0.0.1:3000/api/healthz');
    if (r.status === 200) return console.log(Date.now());
  } catch {}
  if (Date.now() > until) return console.log('timeout');
  setTimeout(poll, 20);
})();
`;

/**
 * A workshop presenter for the probe to sign in as (shared mode acts as the signed-in user): reads
 * what the pages need, mints for the pod viewer only, reviews tokens. Not part of the manifest.
 */
export const presenter = { namespace: 'default', name: 'verify-presenter' };
export const presenterObjects = [
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: presenter.name, namespace: presenter.namespace } },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: presenter.name },
    rules: [
      { apiGroups: [''], resources: ['serviceaccounts', 'pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'], resourceNames: ['service-account-pod-viewer'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: presenter.name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: presenter.name },
    subjects: [{ kind: 'ServiceAccount', name: presenter.name, namespace: presenter.namespace }],
  },
];

/**
 * Runs inside the container as its user: the process's credentials, what it can write, what it
 * listens on, what the mounted ServiceAccount token itself may do, and the dashboard's API end to
 * end (session cookie and CSRF header as the browser), signed in with `presenterToken` — given on
 * stdin with the script, never on a command line.
 */
export function podProbe(presenterToken) {
  return `const presenterToken = ${JSON.stringify(presenterToken)};\n${probeBody}`;
}

const probeBody = `
const fs = require('node:fs');
const https = require('node:https');
const http = require('node:http');
const base = 'http://127.0.0.1:3000';
const saDir = '${saMount}';
let cookie = '';
let lastText = '';
async function call(method, path, body) {
  const headers = cookie ? { cookie } : {};
  if (method !== 'GET') Object.assign(headers, { 'x-tokenscope-request': '1', 'content-type': 'application/json' });
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const set = r.headers.get('set-cookie');
  if (set) cookie = set.split(';')[0];
  const text = await r.text();
  lastText = text;
  let json;
  try { json = JSON.parse(text); } catch {}
  return { status: r.status, json, text: json ? undefined : text.slice(0, 2000) };
}
// The mounted ServiceAccount token used directly, as anyone who got into the pod could.
function kube(method, path, body) {
  return new Promise((resolve) => {
    const req = https.request({
      host: process.env.KUBERNETES_SERVICE_HOST,
      port: process.env.KUBERNETES_SERVICE_PORT,
      path,
      method,
      ca: fs.readFileSync(saDir + '/ca.crt'),
      headers: { authorization: 'Bearer ' + fs.readFileSync(saDir + '/token', 'utf8').trim(), 'content-type': 'application/json' },
    }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', (e) => resolve(String(e.code || e)));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
// fetch refuses TRACE itself, so the method guard is checked with a plain request.
function rawCall(method, path) {
  return new Promise((resolve) => {
    const req = http.request(base + path, { method }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let json;
        try { json = JSON.parse(text); } catch {}
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', (e) => resolve({ status: 0, json: undefined, error: String(e.code || e) }));
    req.end();
  });
}
function tryWrite(path) {
  try { fs.writeFileSync(path, 'x'); fs.unlinkSync(path); return 'written'; } catch (e) { return e.code; }
}
function listening() {
  const out = [];
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(f, 'utf8').trim().split('\\n').slice(1)) {
      const [, local, , st] = line.trim().split(/\\s+/);
      if (st === '0A') out.push(local);
    }
  }
  return out;
}
(async () => {
  const status = fs.readFileSync('/proc/1/status', 'utf8');
  const field = (k) => (status.match(new RegExp('^' + k + ':\\\\s*(.*)$', 'm')) || [])[1];
  const out = {
    proc: { uid: field('Uid'), gid: field('Gid'), capEff: field('CapEff'), noNewPrivs: field('NoNewPrivs'), seccomp: field('Seccomp') },
    writes: {},
    listening: listening(),
  };
  for (const p of ['/probe', '/etc/probe', '/app/probe', '/app/.next/probe', '/tmp/probe', '/app/.next/cache/probe']) out.writes[p] = tryWrite(p);
  out.saOwn = {
    'list serviceaccounts': await kube('GET', '/api/v1/serviceaccounts?limit=1'),
    'list secrets': await kube('GET', '/api/v1/secrets?limit=1'),
    'mint for the pod viewer': await kube('POST', '/api/v1/namespaces/default/serviceaccounts/service-account-pod-viewer/token', { spec: { expirationSeconds: 600 } }),
    'create subjectaccessreviews': await kube('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { spec: { user: 'x', resourceAttributes: { verb: 'get', resource: 'pods' } } }),
  };
  out.healthz = await call('GET', '/api/healthz');
  out.trace = await rawCall('TRACE', '/api/healthz');
  out.unsigned = await call('GET', '/api/serviceaccounts?namespace=default');
  out.signIn = await call('POST', '/api/session', { token: presenterToken });
  out.identity = await call('GET', '/api/identity');
  out.serviceaccounts = await call('GET', '/api/serviceaccounts?namespace=default');
  out.pages = {};
  for (const p of ['/', '/serviceaccounts', '/tokens', '/rbac', '/scenarios']) {
    const r = await call('GET', p);
    out.pages[p] = r.status;
    if (p === '/') {
      const asset = lastText.match(/\\/_next\\/static\\/[^"']+\\.(?:js|css)/);
      out.pages[asset ? asset[0] : 'no /_next/static asset in /'] = asset ? (await call('GET', asset[0])).status : 0;
    }
  }
  out.mint = await call('POST', '/api/tokens', { namespace: 'default', serviceAccount: 'service-account-pod-viewer', expirationSeconds: 600 });
  const id = out.mint.json && out.mint.json.id;
  if (id) {
    out.tried = await call('POST', '/api/tokens/' + id + '/requests', { verb: 'list', group: '', resource: 'pods', namespace: 'default' });
    out.review = await call('POST', '/api/tokens/' + id + '/review');
  }
  out.denied = {};
  for (const [namespace, serviceAccount] of [['default', 'default'], ['kube-system', 'default'], ['tokenscope', 'tokenscope']]) {
    out.denied[namespace + '/' + serviceAccount] = await call('POST', '/api/tokens', { namespace, serviceAccount });
  }
  out.scenarioApply = await call('POST', '/api/scenarios/bound-revocation/apply', {});
  out.emptyDirs = {};
  for (const d of ['/tmp', '/app/.next/cache']) out.emptyDirs[d] = fs.readdirSync(d);
  console.log(JSON.stringify(out));
})().catch((e) => { console.log(JSON.stringify({ error: String(e && e.stack || e) })); });
`;
