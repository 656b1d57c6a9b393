// The in-container probe's findings (deploy/lib/pod.mjs podProbe) held against the Deployment in
// deploy/kubernetes/tokenscope.yaml: who the process is, what it can write and reach, and that the
// ServiceAccount holds only the watches' rights while the server acts as the signed-in user.

/** Reports each finding through `check(ok, what, detail)` and notes through `say(line)`. */
export function verifyPod(p, { deployment, apiPort, apiHost, presenter, check, say }) {
  const sc = {
    ...deployment.spec.template.spec.securityContext,
    ...deployment.spec.template.spec.containers[0].securityContext,
  };
  const ids = (v) => [...new Set(String(v).split(/\s+/))].join(',');
  check(
    ids(p.proc.uid) === String(sc.runAsUser) && ids(p.proc.gid) === String(sc.runAsGroup),
    `runs as uid/gid ${sc.runAsUser}:${sc.runAsGroup}`,
    `Uid ${p.proc.uid} / Gid ${p.proc.gid}`,
  );
  check(
    /^0+$/.test(p.proc.capEff) && p.proc.noNewPrivs === '1' && p.proc.seccomp === '2',
    'no capabilities, no privilege escalation, seccomp filter on',
    `CapEff ${p.proc.capEff}, NoNewPrivs ${p.proc.noNewPrivs}, Seccomp ${p.proc.seccomp}`,
  );
  const w = p.writes;
  check(
    ['/probe', '/etc/probe', '/app/probe', '/app/.next/probe'].every((f) => w[f] === 'EROFS'),
    'root filesystem is read-only',
    Object.entries(w)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', '),
  );
  check(
    w['/tmp/probe'] === 'written' && w['/app/.next/cache/probe'] === 'written',
    "the manifest's emptyDirs are writable",
    '/tmp, /app/.next/cache',
  );
  check(
    p.listening.length > 0 && p.listening.every((a) => a === '0100007F:0BB8'),
    'listens on 127.0.0.1:3000 only',
    p.listening.join(' '),
  );
  check(p.healthz.status === 200 && p.healthz.json?.ok === true, 'GET /api/healthz', `${p.healthz.status}`);
  check(p.trace.status === 405 && p.trace.json?.code === 'invalid:request', 'TRACE gets 405 problem JSON (no 500)', `${p.trace.status}`);
  const env = Object.fromEntries((deployment.spec.template.spec.containers[0].env ?? []).map((e) => [e.name, e.value]));
  check(env.TOKENSCOPE_MODE === 'shared', 'the Deployment runs in shared mode', `TOKENSCOPE_MODE=${env.TOKENSCOPE_MODE}`);
  const own = p.saOwn ?? {};
  check(
    own['list serviceaccounts'] === 200 &&
      own['list secrets'] === 403 &&
      own['mint for the pod viewer'] === 403 &&
      own['create subjectaccessreviews'] === 403,
    "the mounted token itself: lists ServiceAccounts (the live watches), reads no Secret, mints nothing, reviews nothing",
    JSON.stringify(own),
  );
  check(
    p.unsigned.status === 401 && p.signIn.status === 200,
    'refuses the API until a user signs in (401), then signs the presenter in',
    `${p.unsigned.status}, sign-in ${p.signIn.status} ${p.signIn.json?.detail ?? ''}`,
  );
  const id = p.identity.json ?? {};
  const user = `system:serviceaccount:${presenter.namespace}:${presenter.name}`;
  check(
    p.identity.status === 200 &&
      id.source === 'in-cluster' &&
      id.user?.username === user &&
      id.server === `https://${apiHost}:${apiPort}`,
    'GET /api/identity: in-cluster, as the signed-in presenter (not the ServiceAccount)',
    `${p.identity.status} ${id.source} ${id.user?.username} ${id.server}`,
  );
  const names = p.serviceaccounts.json?.items?.map((s) => s.name) ?? [];
  check(
    p.serviceaccounts.status === 200 && names.includes('service-account-pod-viewer'),
    "GET /api/serviceaccounts (the presenter's read grant)",
    `${p.serviceaccounts.status}, ${names.length} in default`,
  );
  check(
    Object.values(p.pages).every((s) => s === 200) && Object.keys(p.pages).length === 6,
    'pages and a /_next/static asset render',
    JSON.stringify(p.pages),
  );
  check(
    p.mint.status === 201 && p.mint.json?.mintedBy?.subject === user,
    'mints as the presenter for default/service-account-pod-viewer',
    `${p.mint.status} ${p.mint.json?.detail ?? ''}`,
  );
  check(
    p.tried?.json?.status === 200 && p.review?.json?.authenticated === true,
    'the minted token lists pods and passes a TokenReview',
    `try ${p.tried?.json?.status}, review ${p.review?.json?.authenticated}`,
  );
  for (const [who, r] of Object.entries(p.denied)) {
    check(
      r.status === 403 && r.json?.code === 'forbidden:kube',
      `minting for ${who} is refused by the API server (not granted to the presenter)`,
      `${r.status} ${r.json?.code}`,
    );
  }
  const results = p.scenarioApply.json?.results ?? [];
  check(
    results.length > 0 && results.every((r) => r.outcome === 'failed' && /forbidden/.test(r.detail)),
    'applying a scenario changes nothing: every object forbidden',
    `${p.scenarioApply.status}, ${results.length} objects`,
  );
  const written = Object.entries(p.emptyDirs).filter(([, files]) => files.length);
  say(
    `info the server wrote ${written.length ? written.map(([d, f]) => `${d}: ${f.join(' ')}`).join('; ') : 'nothing to its emptyDirs'}`,
  );
}
