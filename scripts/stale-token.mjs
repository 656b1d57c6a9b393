// npm run stale-token -- --namespace NS --pod POD [--data-dir DIR] [--minutes-past N]
//
// The stale-token scenario's fast path, for the embedded local control plane only. The API server
// marks a request authentication.k8s.io/stale-token only once the token's kubernetes.io.warnafter
// (3607 s after kubelet asked for it) has passed; a live run would wait an hour. This signs, with
// the control plane's own ServiceAccount key from its data dir, the token kubelet would have given
// POD an hour ago (bound to the pod's name and UID, exp extended by a year, warnafter N minutes
// past) and sends the app's request (list pods in NS) with it, once. The token is never printed.
// Only someone who can read the data dir's private key can do this: the dashboard never holds it.
import { createHash, createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { parse } from 'yaml';

const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const EXTENDED_REQUEST_SECONDS = 3607;

const { values } = parseArgs({
  options: {
    namespace: { type: 'string' },
    pod: { type: 'string' },
    'data-dir': { type: 'string', default: join(process.cwd(), '.tokenscope', 'demo-cluster') },
    'minutes-past': { type: 'string', default: '2' },
    help: { type: 'boolean', default: false },
  },
});

const usage = `npm run stale-token -- --namespace NS --pod POD [--data-dir DIR] [--minutes-past N]
  Sends POD's "list pods" with the token kubelet would have given it an hour ago, signed with the
  local control plane's key (DIR, default .tokenscope/demo-cluster). The API server accepts it and
  marks the request stale in its audit log.`;

if (values.help || !values.namespace || !values.pod) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
const minutesPast = Number(values['minutes-past']);
if (!Number.isInteger(minutesPast) || minutesPast < 1 || minutesPast > 24 * 60) {
  console.error('--minutes-past must be a whole number of minutes between 1 and 1440');
  process.exit(2);
}

const dir = resolve(values['data-dir']);
let kubeconfig;
let keyPem;
try {
  kubeconfig = parse(readFileSync(join(dir, 'kubeconfig'), 'utf8'));
  keyPem = readFileSync(join(dir, 'pki', 'sa.key'));
} catch (e) {
  console.error(
    `No local control plane in ${dir} (${e.code ?? e.message}). The fast path works only with the embedded control plane of npm run demo; on another cluster, wait for the hour.`,
  );
  process.exit(1);
}
const cluster = kubeconfig.clusters?.[0]?.cluster;
const adminToken = kubeconfig.users?.[0]?.user?.token;
const server = new URL(cluster.server);
const ca = Buffer.from(cluster['certificate-authority-data'], 'base64');

function call(path, bearer) {
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: server.hostname,
        port: server.port,
        path,
        ca,
        headers: {
          Authorization: `Bearer ${bearer}`,
          'User-Agent': `inventory/1.0 (${values.pod}; reads its token once)`,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => ok({ status: res.statusCode, body }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

const ns = encodeURIComponent(values.namespace);
const pod = await call(`/api/v1/namespaces/${ns}/pods/${encodeURIComponent(values.pod)}`, adminToken);
if (pod.status !== 200) {
  console.error(
    `Pod ${values.namespace}/${values.pod}: ${pod.status}. Run the scenario's steps up to this one first.`,
  );
  process.exit(1);
}
const podObject = JSON.parse(pod.body);
const serviceAccount = podObject.spec.serviceAccountName ?? 'default';
const sa = await call(
  `/api/v1/namespaces/${ns}/serviceaccounts/${encodeURIComponent(serviceAccount)}`,
  adminToken,
);
if (sa.status !== 200) {
  console.error(`ServiceAccount ${values.namespace}/${serviceAccount}: ${sa.status}.`);
  process.exit(1);
}
const saUid = JSON.parse(sa.body).metadata.uid;

const key = createPrivateKey(keyPem);
const kid = createHash('sha256')
  .update(createPublicKey(key).export({ type: 'spki', format: 'der' }))
  .digest('base64url');
const now = Math.floor(Date.now() / 1000);
const warnafter = now - minutesPast * 60;
const iat = warnafter - EXTENDED_REQUEST_SECONDS;
// What the API server issues for kubelet's 3607 s request: exp a year after iat, warnafter the hour asked for.
const token = await new SignJWT({
  'kubernetes.io': {
    namespace: values.namespace,
    serviceaccount: { name: serviceAccount, uid: saUid },
    pod: { name: podObject.metadata.name, uid: podObject.metadata.uid },
    warnafter,
  },
})
  .setProtectedHeader({ alg: key.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256', kid })
  .setIssuer(ISSUER)
  .setSubject(`system:serviceaccount:${values.namespace}:${serviceAccount}`)
  .setAudience([ISSUER])
  .setIssuedAt(iat)
  .setNotBefore(iat)
  .setExpirationTime(iat + 365 * 24 * 3600)
  .setJti(randomUUID())
  .sign(key);

const res = await call(`/api/v1/namespaces/${ns}/pods`, token);
console.log(
  `${values.pod} sent "list pods in ${values.namespace}" with the token kubelet wrote ${EXTENDED_REQUEST_SECONDS + minutesPast * 60} s ago (warnafter ${minutesPast} min past): ${res.status}.`,
);
console.log(
  res.status === 200
    ? 'The API server accepted it and annotated the request authentication.k8s.io/stale-token in its audit log. Run the scenario step again.'
    : 'The API server refused it; see its answer above.',
);
process.exit(res.status === 200 ? 0 : 1);
