// Figures of the growth curve and the kubectl comparison (issue 17) for the bench's table, and a
// compact curve (each figure at each size, growth exponents between sizes) printed after it.
import { growthExponents, ratio, sizeLabel } from './growth-math.mjs';

const bindingsAt = (scale) => Math.round(9000 * scale) + Math.round(1000 * scale);
const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);

/**
 * Adds the figures to the report and returns the curve as markdown. `engine` is
 * growth-engine.bench.test.ts's result (sizes[]), `sizes` what measureGrowthSize returned per size.
 */
export function reportGrowth({ fig, ref, engine, sizes }) {
  const curve = new Map();
  const point = (name, unit, bindings, value) => {
    if (!curve.has(name)) curve.set(name, { unit, values: new Map() });
    curve.get(name).values.set(bindings, value);
  };
  // fig when a target applies at this size, else a reference figure; every value goes on the curve.
  // `detail` goes into the table's name only, so that the curve lines up the same figure across sizes.
  const put = (bindings, name, value, unit, target, detail) => {
    const label = `growth ${sizeLabel(bindings)} bindings: ${name}${detail ? ` (${detail})` : ''}`;
    if (target === undefined) ref(label, value, unit);
    else fig(label, value, unit, target);
    point(name, unit, bindings, value);
  };
  const at100k = (bindings, target) => (bindings >= 100_000 ? target : undefined);

  for (const e of engine?.sizes ?? []) {
    const b = e.bindings;
    put(b, 'RBAC index build p50', e.indexBuildMs.p50, 'ms', at100k(b, 1000));
    put(b, 'RBAC index build p95', e.indexBuildMs.p95, 'ms');
    // CPU time beside wall time: on a shared machine the wall time counts other processes' turns.
    if (e.indexBuildCpuMs) put(b, 'RBAC index build CPU p50', e.indexBuildCpuMs.p50, 'ms');
    put(b, 'RBAC index retained heap', e.indexHeapMB, 'MB');
    put(b, 'effective permissions p50', e.effectivePermissionsMs.p50, 'ms');
    put(b, 'effective permissions p95', e.effectivePermissionsMs.p95, 'ms', at100k(b, 2));
    if (e.effectivePermissionsAfterChangeMs)
      put(
        b,
        'effective permissions, first after a change, p50',
        e.effectivePermissionsAfterChangeMs.p50,
        'ms',
      );
    put(b, 'who may list pods in a namespace p50', e.whoCanMs.p50, 'ms');
    put(b, 'who may list pods in a namespace p95', e.whoCanMs.p95, 'ms', at100k(b, 20));
    if (e.whoCanAfterChangeMs)
      put(b, 'who may list pods, first after a ClusterRole change, p50', e.whoCanAfterChangeMs.p50, 'ms');
    put(b, 'one watch event applied p50', e.applyEventMs.p50, 'ms');
    put(b, 'one watch event applied p95', e.applyEventMs.p95, 'ms', at100k(b, 1));
  }

  for (const s of sizes) {
    const b = s.load?.world?.bindings ?? bindingsAt(s.scale);
    const sas = s.load?.world?.serviceAccounts ?? Math.round(5000 * s.scale);
    if (s.load) {
      const how = s.load.reused
        ? `loaded by the RBAC agreement section, ${s.load.concurrency} in flight`
        : s.load.snapshot
          ? `${s.load.concurrency} creates in flight, when the snapshot ${s.load.snapshot} was made; this run started from a copy of it`
          : `${s.load.concurrency} creates in flight`;
      const objects = `${s.load.objects.toLocaleString('en-US')} objects, ${how}`;
      put(b, 'world loaded into the API server', s.load.loadSeconds, 's', undefined, objects);
      if (!s.load.reused) put(b, 'world load: objects per second', s.load.objectsPerSecond, '/s');
    }
    if (s.watchesWarmMs !== undefined)
      put(b, 'first view after start: live watches listed the world', s.watchesWarmMs, 'ms');
    const p = s.page;
    if (p) {
      const n = `${sas.toLocaleString('en-US')} SAs`;
      const loads = `${n}, ${p.firstRows.n} cold loads`;
      put(
        b,
        'ServiceAccounts page: first rows p50',
        p.firstRows.p50,
        'ms',
        sas === 5000 ? 400 : undefined,
        loads,
      );
      put(
        b,
        'ServiceAccounts page: first rows p95',
        p.firstRows.p95,
        'ms',
        sas >= 50_000 ? 1000 : undefined,
        loads,
      );
      const keys = `${n}, ${p.keystroke.n} keys`;
      put(b, 'ServiceAccounts page: keystroke to painted frame p50', p.keystroke.p50, 'ms', undefined, keys);
      put(
        b,
        'ServiceAccounts page: keystroke to painted frame p95',
        p.keystroke.p95,
        'ms',
        sas >= 50_000 ? 50 : undefined,
        keys,
      );
      put(
        b,
        'ServiceAccounts page: keystrokes whose frame showed stale rows',
        p.staleKeystrokes,
        'keys',
        0,
        n,
      );
      const pages = `${n}, max of ${p.pages.length} pages, uncompressed`;
      put(
        b,
        'ServiceAccounts page: JSON per page',
        p.maxJsonBytes / 1000,
        'kB',
        sas >= 50_000 ? 200 : undefined,
        pages,
      );
    }
    if (s.rssWarmMB !== undefined) put(b, 'dashboard RSS, live watches running', s.rssWarmMB, 'MB');
    if (s.rssPeakMB !== undefined)
      put(b, 'dashboard RSS, peak over the size', s.rssPeakMB, 'MB', at100k(b, 400));
    if (s.controlPlaneRssAfterMB !== undefined)
      put(b, 'control plane RSS (etcd + API server)', s.controlPlaneRssAfterMB, 'MB');
    peerFigures({ fig, ref, b, s });
  }

  // Growth exponents between consecutive sizes; the index build's has a target (≤ 1.1).
  const lines = [];
  const sizesSeen = [...new Set([...curve.values()].flatMap((c) => [...c.values.keys()]))].sort(
    (x, y) => x - y,
  );
  for (const [name, c] of curve) {
    const ks = growthExponents([...c.values].map(([size, cost]) => ({ size, cost })));
    for (const { from, to, k } of ks) {
      if (!Number.isFinite(k)) continue;
      const label = `growth exponent k (cost ∝ size^k), ${sizeLabel(from)} → ${sizeLabel(to)} bindings: ${name}`;
      if (name === 'RBAC index build p50') fig(label, k, '', 1.1);
      else ref(label, k, '');
    }
    const cells = sizesSeen.map((size) => (c.values.has(size) ? `${round(c.values.get(size))}` : '—'));
    const kCells = sizesSeen.slice(1).map((to, i) => {
      const k = growthExponents([
        { size: sizesSeen[i], cost: c.values.get(sizesSeen[i]) ?? Number.NaN },
        { size: to, cost: c.values.get(to) ?? Number.NaN },
      ])[0]?.k;
      return Number.isFinite(k) ? round(k) : '—';
    });
    lines.push(`| ${name} | ${c.unit} | ${[...cells, ...kCells].join(' | ')} |`);
  }
  const head = [
    '| figure | unit',
    ...sizesSeen.map((s) => sizeLabel(s)),
    ...sizesSeen.slice(1).map((to, i) => `k ${sizeLabel(sizesSeen[i])}→${sizeLabel(to)}`),
  ].join(' | ');
  const rule = `|${'---|'.repeat(2 + sizesSeen.length * 2 - 1)}`;
  return sizesSeen.length ? [`${head} |`, rule, ...lines].join('\n') : '';
}

function peerFigures({ fig, ref, b, s }) {
  const q = s.peer;
  if (!q) return;
  const pre = (job) => `kubectl vs Tokenscope, ${sizeLabel(b)} bindings: ${job}`;
  const pair = (job, kubectlMs, kubectlName, oursMs, oursName) => {
    ref(`${pre(job)}: ${kubectlName} p50`, kubectlMs, 'ms');
    ref(`${pre(job)}: ${oursName} p50`, oursMs, 'ms');
    fig(`${pre(job)}: ratio Tokenscope / kubectl (${oursName})`, ratio(oursMs, kubectlMs), '×', 1);
  };
  if (q.listing) {
    const l = q.listing;
    const job = `list every ServiceAccount (${l.kubectlCount} SAs)`;
    pair(
      job,
      l.kubectl.p50,
      '`kubectl get sa -A -o json`',
      l.pageFirstRowsPainted.p50,
      'page first rows painted',
    );
    ref(`${pre(job)}: full list through /api/serviceaccounts (500 a page) p50`, l.apiFullList.p50, 'ms');
    fig(
      `${pre(job)}: ratio Tokenscope / kubectl (full list through the API)`,
      ratio(l.apiFullList.p50, l.kubectl.p50),
      '×',
      1,
    );
    fig(
      `${pre(job)}: SA count differs (kubectl ${l.kubectlCount}, API ${l.apiCount})`,
      Math.abs(l.kubectlCount - l.apiCount),
      'SAs',
      0,
    );
  }
  const acct = s.account ? `${s.account.namespace}/${s.account.name}` : '?';
  if (q.canIOne) {
    const c = q.canIOne;
    const job = `what may ${acct} do in its namespace`;
    pair(job, c.kubectl.p50, '`kubectl auth can-i --list --as=…`', c.tokenscope.p50, 'effective permissions');
    canIVerdict(fig, pre(job), c);
  }
  if (q.canIEvery) {
    const c = q.canIEvery;
    const job = `what may ${acct} do in every namespace (${c.namespaces})`;
    pair(
      job,
      c.kubectl.p50,
      'kubectl loop, one can-i --list per namespace',
      c.tokenscope.p50,
      'effective permissions',
    );
    ref(`${pre(job)}: one kubectl can-i --list p50`, c.kubectlPerCall.p50, 'ms');
    canIVerdict(fig, pre(job), c);
  }
  if (q.whoCan) {
    const w = q.whoCan;
    const job = `who may list pods in bw-ns-3`;
    pair(job, w.peer.p50, `one SubjectAccessReview per subject (${w.reviews})`, w.tokenscope.p50, 'who-can');
    fig(
      `${pre(job)}: subjects allowed differently (${w.allowed.serviceAccounts} SAs, ${w.allowed.users} users, ${w.allowed.groups} groups allowed)`,
      w.differences,
      '',
      0,
    );
  }
  if (q.mintAndUse) {
    const m = q.mintAndUse;
    const job = 'mint a token and list pods with it';
    pair(
      job,
      m.kubectl.p50,
      '`kubectl create token` + `kubectl get pods --token`',
      m.tokenscope.p50,
      'mint + try-it through the BFF',
    );
    fig(
      `${pre(job)}: pods listed differ (kubectl ${m.kubectlPods}, Tokenscope ${m.tokenscopePods})`,
      Math.abs(m.kubectlPods - m.tokenscopePods),
      'pods',
      0,
    );
  }
}

/**
 * The can-i check: requests the two rule lists allow differently, each decided by a
 * SubjectAccessReview; the figure with a target is how many of them Tokenscope got wrong.
 */
function canIVerdict(fig, prefix, c) {
  fig(
    `${prefix}: Tokenscope wrong per SubjectAccessReview (${c.differences} of ${c.probes} probed requests differ; kubectl's list wrong on ${c.kubectlWrong})`,
    c.tokenscopeWrong,
    '',
    0,
  );
}
