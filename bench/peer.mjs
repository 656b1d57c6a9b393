// kubectl as the peer (issue 17 §2): the same jobs done by what a user would otherwise type, timed on
// the same world in the same run, interleaved with Tokenscope's way of doing them, with a check that
// both gave the same answer. Each function runs `rounds` rounds; in every round the two sides run
// in a fresh random order, one right after the other.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { compareRules, parseCanIList, rulesInNamespace } from './can-i.mjs';
import { mapLimit } from './kube-http.mjs';
import { shuffle, summary } from './stats.mjs';

const SA_GROUPS = 'system:serviceaccounts';
const AUTHENTICATED = 'system:authenticated';
const MASTERS = 'system:masters';
const saUser = (ns, name) => `system:serviceaccount:${ns}:${name}`;
const apiHeaders = { 'X-Tokenscope-Request': '1', 'Content-Type': 'application/json' };

/**
 * A cookie-keeping client of the dashboard's HTTP API, and `listen()`, which holds an event stream
 * open as a browser tab does, so the live watches run. The session cookie is the one the first
 * mutation sets (a read without a cookie runs on an ephemeral session that sets none); a 204
 * answers null. A GET whose connection the server closed as it was reused (keep-alive race) is
 * sent once more.
 */
export async function apiSession(url) {
  let cookie = '';
  const remember = (r) => {
    const set = r.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
  };
  const send = async (method, path, body) => {
    const init = {
      method,
      headers: { ...apiHeaders, ...(cookie ? { Cookie: cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    };
    try {
      return await fetch(`${url}${path}`, init);
    } catch (err) {
      if (method !== 'GET') throw err;
      return await fetch(`${url}${path}`, init).catch((again) => {
        throw new Error(
          `${method} ${path}: ${again.message} (${again.cause?.code ?? again.cause?.message ?? ''})`,
        );
      });
    }
  };
  const call = async (method, path, body) => {
    const r = await send(method, path, body);
    remember(r);
    const text = await r.text();
    const json = text ? JSON.parse(text) : null;
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${json?.detail ?? ''}`);
    return json;
  };
  const listen = async () => {
    const controller = new AbortController();
    const r = await fetch(`${url}/api/events`, {
      headers: cookie ? { Cookie: cookie } : {},
      signal: controller.signal,
    });
    if (r.status !== 200) throw new Error(`GET /api/events: ${r.status}`);
    const reader = r.body.getReader();
    (async () => {
      try {
        while (!(await reader.read()).done) {}
      } catch {}
    })();
    return () => controller.abort();
  };
  const page = async (path) => {
    const r = await send('GET', path);
    const text = await r.text();
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
    return text.length;
  };
  return { call, listen, page };
}

/**
 * kubectl on the bench cluster's kubeconfig, with a discovery cache of its own under `dir` (the
 * cluster's data dir, removed with it), warmed by the first call.
 */
export function kubectlFor(kubeconfig, dir) {
  const cacheDir = mkdtempSync(join(dir, 'kubectl-cache-'));
  return (args) =>
    new Promise((resolve, reject) => {
      const t = performance.now();
      execFile(
        'kubectl',
        ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
        { maxBuffer: 2 ** 30, env: { ...process.env, KUBECONFIG: kubeconfig } },
        (err, stdout, stderr) => {
          const ms = performance.now() - t;
          if (err)
            reject(
              new Error(`kubectl ${args.join(' ')}: ${stderr.trim().split('\n').at(-1) ?? err.message}`),
            );
          else resolve({ ms, stdout, stderr });
        },
      );
    });
}

/**
 * A side's answer with its own time: kubectl's sides are timed as the processes ran (what a user
 * waits for), not with the bench parsing their output.
 */
class Timed {
  constructor(value, ms) {
    this.value = value;
    this.ms = ms;
  }
}

async function timed(fn) {
  const t = performance.now();
  const value = await fn();
  if (value instanceof Timed) return value;
  return { ms: performance.now() - t, value };
}

/** Runs `rounds` rounds of every named side in a fresh random order; samples and the last answers. */
async function interleaved(rounds, sides) {
  const samples = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
  const answers = {};
  for (let i = 0; i < rounds; i++) {
    for (const name of shuffle(Object.keys(sides))) {
      const { ms, value } = await timed(sides[name]);
      samples[name].push(ms);
      answers[name] = value;
    }
  }
  return {
    samples,
    answers,
    summaries: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v)])),
  };
}

/** Every page of /api/serviceaccounts, 500 a page (the contract's maximum), as a client of the API would. */
async function listThroughApi(session) {
  let n = 0;
  let token;
  do {
    const q = new URLSearchParams({ limit: '500', ...(token ? { continue: token } : {}) });
    const page = await session.call('GET', `/api/serviceaccounts?${q}`);
    n += page.items.length;
    token = page.continue;
  } while (token);
  return n;
}

/**
 * Listing every ServiceAccount: `kubectl get serviceaccounts -A -o json` (parsed) against the
 * ServiceAccounts page's first rows (a cold navigation in Chromium) and the full list through the API.
 */
export async function compareListing({ kubectl, session, firstRows, rounds }) {
  await kubectl(['get', 'serviceaccounts', '-A', '-o', 'json']);
  const painted = [];
  const r = await interleaved(rounds, {
    kubectl: async () => {
      const run = await kubectl(['get', 'serviceaccounts', '-A', '-o', 'json']);
      return new Timed(JSON.parse(run.stdout).items.length, run.ms);
    },
    apiFullList: () => listThroughApi(session),
    pageFirstRows: async () => {
      const load = await firstRows();
      painted.push(load.firstRowsMs);
      return load.firstRowsMs;
    },
  });
  r.samples.pageFirstRowsPainted = painted;
  return {
    ...r.summaries,
    kubectlCount: r.answers.kubectl,
    apiCount: r.answers.apiFullList,
    agree: r.answers.kubectl === r.answers.apiFullList,
    // pageFirstRows is the wall time of a whole cold load in a fresh context; the page's own figure
    // (navigation start to the frame that paints the first rows, the browser's clock) is this:
    pageFirstRowsPainted: summary(r.samples.pageFirstRowsPainted),
  };
}

/** A ServiceAccount of the world in `namespace` other than "default", found through the dashboard. */
export async function pickAccount(session, namespace) {
  const page = await session.call('GET', `/api/serviceaccounts?namespace=${namespace}&limit=20`);
  const sa = page.items.find((s) => s.name !== 'default') ?? page.items[0];
  if (!sa) throw new Error(`no ServiceAccount in ${namespace}`);
  return { namespace, name: sa.name };
}

/**
 * Where the two rule lists allow a request differently, the API server decides: one
 * SubjectAccessReview per differing request, as the ServiceAccount, in `namespace` for resource
 * requests. (SelfSubjectRulesReview, which `kubectl auth can-i --list` prints, also lists the
 * non-resource URLs of roles bound by RoleBindings, which never authorize anything; Tokenscope
 * leaves them out.) Counts which side the API server sided with.
 */
async function arbitrate(http, sa, namespace, differing) {
  const verdicts = await mapLimit(differing, 16, async (p) => {
    const [resource, subresource] = (p.resource ?? '').split('/');
    const spec = {
      user: saUser(sa.namespace, sa.name),
      groups: [SA_GROUPS, `${SA_GROUPS}:${sa.namespace}`, AUTHENTICATED],
      ...(p.url !== undefined
        ? { nonResourceAttributes: { verb: p.verb, path: p.url } }
        : {
            resourceAttributes: {
              verb: p.verb,
              group: p.group,
              resource,
              ...(subresource ? { subresource } : {}),
              namespace,
              ...(p.name !== undefined ? { name: p.name } : {}),
            },
          }),
    };
    const res = await http.call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec,
    });
    if (res.status !== 201) throw new Error(`SubjectAccessReview: ${res.status}`);
    return { ...p, namespace, allowed: Boolean(res.body.status?.allowed) };
  });
  const kubectlWrong = verdicts.filter((v) => v.allowed !== v.first);
  const tokenscopeWrong = verdicts.filter((v) => v.allowed !== v.second);
  return { kubectlWrong: kubectlWrong.length, tokenscopeWrong: tokenscopeWrong.length, verdicts };
}

const permissionsPath = (sa) => `/api/namespaces/${sa.namespace}/serviceaccounts/${sa.name}/permissions`;
const asAccount = (sa) => `--as=system:serviceaccount:${sa.namespace}:${sa.name}`;

/**
 * What may this ServiceAccount do: `kubectl auth can-i --list --as=… -n NS` against Tokenscope's
 * effective permissions (`GET …/permissions`, every namespace in one answer); compared rule by rule
 * in that namespace (kubectl breaks rules down, Tokenscope merges them: compared on what they allow).
 */
export async function compareCanIOne({ kubectl, http, session, sa, rounds }) {
  const args = ['auth', 'can-i', '--list', asAccount(sa), '-n', sa.namespace];
  await kubectl(args);
  const r = await interleaved(rounds, {
    kubectl: async () => {
      const run = await kubectl(args);
      return new Timed(parseCanIList(run.stdout), run.ms);
    },
    tokenscope: async () => (await session.call('GET', permissionsPath(sa))).rules,
  });
  const check = compareRules(r.answers.kubectl, rulesInNamespace(r.answers.tokenscope, sa.namespace));
  const verdict = await arbitrate(http, sa, sa.namespace, check.differing);
  return {
    ...r.summaries,
    kubectlRules: r.answers.kubectl.length,
    tokenscopeRules: r.answers.tokenscope.length,
    probes: check.probes,
    differences: check.differences,
    urlDifferences: check.differing.filter((d) => d.url !== undefined).length,
    kubectlWrong: verdict.kubectlWrong,
    tokenscopeWrong: verdict.tokenscopeWrong,
    examples: verdict.verdicts.slice(0, 10),
  };
}

/**
 * The same for every namespace: kubectl has no such command, so the peer is the shell loop a user
 * would write (`kubectl get namespaces`, then `kubectl auth can-i --list` in each, one after the
 * other); Tokenscope answers every namespace in its one call. Every namespace is compared.
 */
export async function compareCanIEvery({ kubectl, http, session, sa, rounds }) {
  let perCall = [];
  const loop = async () => {
    const listed = await kubectl(['get', 'namespaces', '-o', 'name']);
    const names = listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/^namespace\//, ''));
    const out = new Map();
    perCall = [];
    let ms = listed.ms;
    for (const ns of names) {
      const res = await kubectl(['auth', 'can-i', '--list', asAccount(sa), '-n', ns]);
      perCall.push(res.ms);
      ms += res.ms;
      out.set(ns, parseCanIList(res.stdout));
    }
    return new Timed(out, ms);
  };
  const r = await interleaved(rounds, {
    kubectl: loop,
    tokenscope: async () => (await session.call('GET', permissionsPath(sa))).rules,
  });
  let probes = 0;
  let differences = 0;
  let urlDifferences = 0;
  let kubectlWrong = 0;
  let tokenscopeWrong = 0;
  const examples = [];
  for (const [ns, rules] of r.answers.kubectl) {
    const c = compareRules(rules, rulesInNamespace(r.answers.tokenscope, ns));
    probes += c.probes;
    differences += c.differences;
    urlDifferences += c.differing.filter((d) => d.url !== undefined).length;
    const verdict = await arbitrate(http, sa, ns, c.differing);
    kubectlWrong += verdict.kubectlWrong;
    tokenscopeWrong += verdict.tokenscopeWrong;
    if (examples.length < 10) examples.push(...verdict.verdicts.slice(0, 2));
  }
  return {
    ...r.summaries,
    namespaces: r.answers.kubectl.size,
    kubectlPerCall: summary(perCall),
    probes,
    differences,
    urlDifferences,
    kubectlWrong,
    tokenscopeWrong,
    examples,
  };
}

/**
 * Who may list pods in `namespace`. The peer does what who-can plugins built on the API do: list
 * the ServiceAccounts and the bindings (to find every User, Group and ServiceAccount named), then
 * one SubjectAccessReview per subject, `concurrency` in flight. Tokenscope: `GET /api/rbac/who-can`.
 * Compared as three sets: Users and Groups allowed, and ServiceAccounts allowed (Tokenscope's
 * answer expanded through the groups every ServiceAccount is in).
 */
export async function compareWhoCan({ http, session, namespace, rounds, concurrency = 16 }) {
  const attrs = { verb: 'list', group: '', resource: 'pods', namespace };
  const peer = async () => {
    const [sas, rbs, crbs] = await Promise.all([
      http.listAll('/api/v1/serviceaccounts'),
      http.listAll('/apis/rbac.authorization.k8s.io/v1/rolebindings'),
      http.listAll('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings'),
    ]);
    const accounts = new Map(sas.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s.metadata]));
    const users = new Set();
    const groups = new Set([MASTERS]);
    for (const b of [...rbs, ...crbs])
      for (const s of b.subjects ?? []) {
        if (s.kind === 'User') users.add(s.name);
        else if (s.kind === 'Group') groups.add(s.name);
        else if (s.kind === 'ServiceAccount') {
          const ns = s.namespace || b.metadata.namespace;
          if (ns) accounts.set(`${ns}/${s.name}`, { namespace: ns, name: s.name });
        }
      }
    const reviews = [
      ...[...accounts.values()].map((a) => ({
        key: `ServiceAccount:${a.namespace}/${a.name}`,
        spec: {
          user: saUser(a.namespace, a.name),
          groups: [SA_GROUPS, `${SA_GROUPS}:${a.namespace}`, AUTHENTICATED],
        },
      })),
      ...[...users].map((u) => ({ key: `User:${u}`, spec: { user: u } })),
      ...[...groups].map((g) => ({ key: `Group:${g}`, spec: { groups: [g] } })),
    ];
    const allowed = new Set();
    await mapLimit(reviews, concurrency, async ({ key, spec }) => {
      const res = await http.call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: { ...spec, resourceAttributes: attrs },
      });
      if (res.status !== 201) throw new Error(`SubjectAccessReview: ${res.status}`);
      if (res.body.status?.allowed) allowed.add(key);
    });
    return { allowed, candidates: [...accounts.values()], reviews: reviews.length };
  };
  const ours = async () => {
    const q = new URLSearchParams({ verb: 'list', group: '', resource: 'pods', namespace });
    return (await session.call('GET', `/api/rbac/who-can?${q}`)).subjects;
  };
  await ours();
  const r = await interleaved(rounds, { peer, tokenscope: ours });
  // Tokenscope names bound subjects; expand to the ServiceAccounts the peer asked about.
  const named = new Set(
    r.answers.tokenscope.map((e) =>
      e.subject.kind === 'ServiceAccount'
        ? `ServiceAccount:${e.subject.namespace}/${e.subject.name}`
        : `${e.subject.kind}:${e.subject.name}`,
    ),
  );
  const ourSet = new Set([...named].filter((k) => !k.startsWith('ServiceAccount:')));
  for (const a of r.answers.peer.candidates) {
    const key = `ServiceAccount:${a.namespace}/${a.name}`;
    if (
      named.has(key) ||
      named.has(`Group:${SA_GROUPS}`) ||
      named.has(`Group:${SA_GROUPS}:${a.namespace}`) ||
      named.has(`Group:${AUTHENTICATED}`)
    )
      ourSet.add(key);
  }
  const peerSet = r.answers.peer.allowed;
  const onlyOurs = [...ourSet].filter((k) => !peerSet.has(k));
  const onlyPeer = [...peerSet].filter((k) => !ourSet.has(k));
  const count = (set, kind) => [...set].filter((k) => k.startsWith(`${kind}:`)).length;
  return {
    ...r.summaries,
    reviews: r.answers.peer.reviews,
    tokenscopeEntries: r.answers.tokenscope.length,
    allowed: {
      serviceAccounts: count(peerSet, 'ServiceAccount'),
      users: count(peerSet, 'User'),
      groups: count(peerSet, 'Group'),
    },
    differences: onlyOurs.length + onlyPeer.length,
    onlyTokenscope: onlyOurs.slice(0, 10),
    onlyPeer: onlyPeer.slice(0, 10),
  };
}

/**
 * Mint a token and use it: `kubectl create token SA -n NS` then `kubectl get pods -n NS --token=…`
 * against Tokenscope's mint (`POST /api/tokens`, held in server memory) and try-it
 * (`POST /api/tokens/{id}/requests`). Both must list the same number of pods.
 */
export async function compareMintAndUse({ kubectl, session, namespace, serviceAccount, rounds }) {
  const viaKubectl = async () => {
    const minted = await kubectl(['create', 'token', serviceAccount, '-n', namespace, '--duration=10m']);
    const token = minted.stdout.trim();
    const pods = await kubectl(['get', 'pods', '-n', namespace, `--token=${token}`, '-o', 'json']);
    return new Timed(JSON.parse(pods.stdout).items.length, minted.ms + pods.ms);
  };
  const viaTokenscope = async () => {
    const held = await session.call('POST', '/api/tokens', {
      namespace,
      serviceAccount,
      expirationSeconds: 600,
    });
    const r = await session.call('POST', `/api/tokens/${held.id}/requests`, {
      verb: 'list',
      group: '',
      resource: 'pods',
      namespace,
    });
    if (r.status !== 200) throw new Error(`try-it answered ${r.status} ${r.reason}`);
    // Forget it again: a session's vault keeps at most 200 tokens.
    await session.call('DELETE', `/api/tokens/${held.id}`);
    return r.itemCount;
  };
  await viaKubectl();
  await viaTokenscope();
  const r = await interleaved(rounds, { kubectl: viaKubectl, tokenscope: viaTokenscope });
  return {
    ...r.summaries,
    kubectlPods: r.answers.kubectl,
    tokenscopePods: r.answers.tokenscope,
    agree: r.answers.kubectl === r.answers.tokenscope,
  };
}
