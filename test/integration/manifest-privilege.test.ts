// deploy/kubernetes/tokenscope.yaml plus every scenario, on the local control plane: everything the
// dashboard identity can turn into another identity's credentials — minting (the actAs chain),
// impersonation, reading Secrets, running pods — followed to its end, and every identity reached
// holds no right the manifest does not list. The manifest's own comment ("this list is the whole of
// them") is held against the API server too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { ManifestObject } from '@/lib/contracts/scenarios';
import { applyObjects } from '@/lib/kube/apply';
import { clientsForToken, dashboardClients } from '@/lib/kube/clients';
import { mapLimit } from '@/lib/kube/serviceaccounts';
import { requestToken } from '@/lib/kube/tokens';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { listScenarioNames, loadScenario } from '@/lib/server/scenarios/load';
import { exclusive } from '../support/exclusive';

interface Identity {
  namespace: string;
  name: string;
}
/** The shapes of SelfSubjectRulesReview's rules (and of a Role's), as read here. */
interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}
interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}
type Attrs = {
  verb: string;
  group?: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
};

const dashboard: Identity = { namespace: 'tokenscope', name: 'tokenscope' };
/** A ServiceAccount with no binding of its own, in the dashboard's namespace: what every such SA has. */
const baseline: Identity = { namespace: 'tokenscope', name: 'mf-baseline' };
/** What a real cluster has somewhere: a cluster-admin ServiceAccount, with a legacy token Secret. */
const admin: Identity = { namespace: 'kube-system', name: 'mf-cluster-admin' };
const key = (i: Identity) => `${i.namespace}/${i.name}`;

function manifest(): ManifestObject[] {
  const text = readFileSync(join(process.cwd(), 'deploy/kubernetes/tokenscope.yaml'), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as ManifestObject)
    .filter((o) => o && o.kind !== 'Deployment');
}

const fixtures: ManifestObject[] = [
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: baseline.name, namespace: baseline.namespace },
  },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: admin.name, namespace: admin.namespace } },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'mf-cluster-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: admin.name, namespace: admin.namespace }],
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: {
      name: 'mf-cluster-admin-token',
      namespace: admin.namespace,
      annotations: { 'kubernetes.io/service-account.name': admin.name },
    },
  } as ManifestObject,
];

async function allowed(who: Identity, attrs: Attrs): Promise<boolean> {
  const user = `system:serviceaccount:${who.namespace}:${who.name}`;
  const groups = [
    'system:serviceaccounts',
    `system:serviceaccounts:${who.namespace}`,
    'system:authenticated',
  ];
  const r = await dashboardClients().authz.createSubjectAccessReview({
    body: { spec: { user, groups, resourceAttributes: { group: '', ...attrs } } },
  });
  return r.status?.allowed === true;
}

/** Rights that hand out more than a fixed set of identities: none of them may be reachable at all. */
const unbounded: [string, Attrs][] = [
  ['impersonate users', { verb: 'impersonate', resource: 'users' }],
  ['impersonate groups', { verb: 'impersonate', resource: 'groups' }],
  [
    'escalate clusterroles',
    { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  ],
  ['bind clusterroles', { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }],
  [
    'create clusterrolebindings',
    { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
  ],
  ['update clusterroles', { verb: 'update', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }],
  ['approve CSRs', { verb: 'approve', group: 'certificates.k8s.io', resource: 'signers' }],
  ['create CSRs', { verb: 'create', group: 'certificates.k8s.io', resource: 'certificatesigningrequests' }],
];

/** Per namespace: any of these runs code as (or hands out the token of) any ServiceAccount there. */
const runsAsAnyone: Attrs[] = [
  { verb: 'create', resource: 'pods' },
  { verb: 'patch', resource: 'pods' },
  { verb: 'update', resource: 'pods' },
  { verb: 'create', resource: 'pods', subresource: 'exec' },
  { verb: 'create', resource: 'pods', subresource: 'attach' },
  { verb: 'patch', resource: 'pods', subresource: 'ephemeralcontainers' },
  { verb: 'create', group: 'apps', resource: 'deployments' },
  { verb: 'patch', group: 'apps', resource: 'deployments' },
  { verb: 'create', group: 'apps', resource: 'daemonsets' },
  { verb: 'create', group: 'apps', resource: 'statefulsets' },
  { verb: 'create', group: 'apps', resource: 'replicasets' },
  { verb: 'create', group: 'batch', resource: 'jobs' },
  { verb: 'create', group: 'batch', resource: 'cronjobs' },
  { verb: 'create', resource: 'replicationcontrollers' },
  { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
  { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'roles' },
  { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'roles' },
];

interface World {
  accounts: Identity[];
  namespaces: string[];
  /** Per namespace, the ServiceAccounts named by its legacy token Secrets. */
  legacy: Map<string, Identity[]>;
}

async function world(): Promise<World> {
  const admin = dashboardClients();
  const sas = await admin.core.listServiceAccountForAllNamespaces();
  const accounts = sas.items.map((s) => ({
    namespace: s.metadata?.namespace ?? '',
    name: s.metadata?.name ?? '',
  }));
  const namespaces = (await admin.core.listNamespace()).items.map((n) => n.metadata?.name ?? '');
  const secrets = await admin.core.listSecretForAllNamespaces({
    fieldSelector: 'type=kubernetes.io/service-account-token',
  });
  const legacy = new Map<string, Identity[]>();
  for (const s of secrets.items) {
    const ns = s.metadata?.namespace ?? '';
    const sa = s.metadata?.annotations?.['kubernetes.io/service-account.name'];
    if (sa) legacy.set(ns, [...(legacy.get(ns) ?? []), { namespace: ns, name: sa }]);
  }
  return { accounts, namespaces, legacy };
}

/** Where one identity can get to in one step, and which unbounded rights it holds. */
async function step(who: Identity, w: World): Promise<{ next: Map<string, string>; escapes: string[] }> {
  const next = new Map<string, string>();
  const escapes: string[] = [];
  const asks: [Attrs, (yes: boolean) => void][] = [];
  for (const [what, attrs] of unbounded) asks.push([attrs, (yes) => yes && escapes.push(what)]);
  for (const ns of w.namespaces) {
    for (const attrs of runsAsAnyone) {
      const what = `${attrs.verb} ${attrs.resource}${attrs.subresource ? `/${attrs.subresource}` : ''} in ${ns}`;
      asks.push([{ ...attrs, namespace: ns }, (yes) => yes && escapes.push(what)]);
    }
    for (const verb of ['get', 'list', 'watch']) {
      asks.push([
        { verb, resource: 'secrets', namespace: ns },
        (yes) => {
          if (yes) for (const sa of w.legacy.get(ns) ?? []) next.set(key(sa), `${verb} secrets in ${ns}`);
        },
      ]);
    }
  }
  for (const sa of w.accounts) {
    const target = { namespace: sa.namespace, name: sa.name };
    const mint = { verb: 'create', resource: 'serviceaccounts', subresource: 'token', ...target };
    asks.push([mint, (yes) => yes && next.set(key(sa), 'mints its token')]);
    const impersonate = { verb: 'impersonate', resource: 'serviceaccounts', ...target };
    asks.push([impersonate, (yes) => yes && next.set(key(sa), 'impersonates it')]);
  }
  await mapLimit(asks, 16, async ([attrs, then]) => then(await allowed(who, attrs)));
  return { next, escapes };
}

/** Each rule spelled out as comparable strings: verb|group|resource|name (name '' = any). */
function expand(rules: ResourceRule[], nonResource: NonResourceRule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) {
    for (const verb of r.verbs) {
      for (const group of r.apiGroups ?? ['']) {
        for (const resource of r.resources ?? []) {
          for (const name of r.resourceNames?.length ? r.resourceNames : [''])
            out.add(`${verb}|${group}|${resource}|${name}`);
        }
      }
    }
  }
  for (const r of nonResource)
    for (const verb of r.verbs) for (const url of r.nonResourceURLs ?? []) out.add(`${verb}|url|${url}`);
  return out;
}

/** Whether `held` is granted by some entry of `granted`, wildcards included. */
function covered(held: string, granted: Set<string>): boolean {
  const [verb, group, resource, name] = held.split('|');
  for (const g of granted) {
    const [gv, gg, gr, gn] = g.split('|');
    if (gv !== '*' && gv !== verb) continue;
    if (group === 'url') {
      if (gg === 'url' && (gr === resource || (gr?.endsWith('*') && resource?.startsWith(gr.slice(0, -1)))))
        return true;
      continue;
    }
    if (gg === 'url' || (gg !== '*' && gg !== group)) continue;
    if (gr !== '*' && gr !== resource) continue;
    if (gn === '' || gn === name) return true;
  }
  return false;
}

const tokens = new Map<string, string>();
async function rulesOf(who: Identity, namespace: string): Promise<Set<string>> {
  let token = tokens.get(key(who));
  if (!token) {
    token = (
      await requestToken(dashboardClients(), {
        ...{ namespace: who.namespace, serviceAccount: who.name },
        expirationSeconds: 600,
      })
    ).token;
    tokens.set(key(who), token);
  }
  const r = await clientsForToken(token).authz.createSelfSubjectRulesReview({
    body: { spec: { namespace } },
  });
  return expand(r.status?.resourceRules ?? [], r.status?.nonResourceRules ?? []);
}

let w: World;

const terminating = (r: { outcome: string; detail?: string }) =>
  r.outcome === 'failed' && (r.detail ?? '').includes('because it is being terminated');

// stale-token-scenario.test.ts tears its scenario down: not while this file needs it applied.
let release: (() => void) | undefined;
afterAll(() => release?.());

beforeAll(async () => {
  release = await exclusive('scenarios', inject('cluster').server);
  const clients = dashboardClients();
  for (const name of await listScenarioNames()) {
    const scenario = await loadScenario(name);
    let results = await applyScenario(clients, scenario);
    // Another file may have just torn the same scenario down (stale-token-scenario.test.ts does):
    // its namespace refuses new objects until the namespace controller has emptied it.
    for (let waited = 0; waited < 120_000 && results.some(terminating); waited += 1_000) {
      await new Promise((r) => setTimeout(r, 1_000));
      results = await applyScenario(clients, scenario);
    }
    expect(
      results.filter((r) => r.outcome !== 'applied'),
      name,
    ).toEqual([]);
  }
  // The manifest under the label in-cluster.test.ts uses too: whichever file runs first, the other
  // re-applies the same objects instead of meeting them as another scenario's.
  const results = [
    ...(await applyObjects(clients, manifest(), 'tokenscope-deploy')),
    ...(await applyObjects(clients, fixtures, 'manifest-privilege')),
  ];
  expect(results.filter((r) => r.outcome !== 'applied')).toEqual([]);
  w = await world();
}, 180_000);

describe('the in-cluster manifest with every scenario applied', () => {
  it('lets no chain of the dashboard identity reach a right the manifest does not list', async () => {
    const reached = new Map<string, { who: Identity; path: string[] }>([
      [key(dashboard), { who: dashboard, path: [key(dashboard)] }],
    ]);
    const queue = [dashboard];
    const escapes: string[] = [];
    while (queue.length) {
      const who = queue.shift() as Identity;
      const from = reached.get(key(who))?.path ?? [];
      const { next, escapes: own } = await step(who, w);
      escapes.push(...own.map((e) => `${from.join(' -> ')}: ${e}`));
      for (const [k, how] of next) {
        if (reached.has(k)) continue;
        const [namespace = '', name = ''] = k.split('/');
        reached.set(k, { who: { namespace, name }, path: [...from, `(${how}) ${k}`] });
        queue.push({ namespace, name });
      }
    }
    const beyond: string[] = [];
    for (const ns of w.namespaces) {
      const granted = await rulesOf(dashboard, ns);
      for (const { who, path } of reached.values()) {
        if (key(who) === key(dashboard)) continue;
        for (const held of await rulesOf(who, ns)) {
          if (!covered(held, granted)) beyond.push(`${path.join(' -> ')} holds ${held} in ${ns}`);
        }
      }
    }
    expect(escapes, 'unbounded rights reachable').toEqual([]);
    expect(beyond, 'rights beyond the manifest reachable').toEqual([]);
    expect([...reached.keys()]).toEqual([key(dashboard)]);
  });

  it('grants exactly the rules its comment lists, beyond what every ServiceAccount has', async () => {
    const listed = manifest()
      .filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')
      .flatMap((o) => (o as unknown as { rules: ResourceRule[] }).rules);
    const expected = expand(listed, []);
    for (const ns of w.namespaces) {
      const base = await rulesOf(baseline, ns);
      const own = [...(await rulesOf(dashboard, ns))].filter((r) => !base.has(r)).sort();
      expect(own, ns).toEqual([...expected].sort());
    }
  });

  it('mints for the pod viewer only: the scenario requester may not mint for anyone else', async () => {
    const requester = { namespace: 'default', name: 'service-account-token-requester' };
    const mint = (namespace: string, name: string) =>
      allowed(requester, {
        verb: 'create',
        resource: 'serviceaccounts',
        subresource: 'token',
        namespace,
        name,
      });
    expect(await mint('default', 'service-account-pod-viewer')).toBe(true);
    expect(await mint('default', 'default')).toBe(false);
    expect(await mint(admin.namespace, admin.name)).toBe(false);
    // The API server itself, not only the review: a real TokenRequest with the requester's token.
    const { token } = await requestToken(dashboardClients(), {
      ...{ namespace: 'default', serviceAccount: requester.name },
      expirationSeconds: 600,
    });
    const as = clientsForToken(token);
    const ok = await as.core.createNamespacedServiceAccountToken({
      namespace: 'default',
      name: 'service-account-pod-viewer',
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    expect(ok.status?.token).toBeTruthy();
    const refused = await as.core
      .createNamespacedServiceAccountToken({
        namespace: admin.namespace,
        name: admin.name,
        body: { spec: { audiences: [], expirationSeconds: 600 } },
      })
      .then(
        () => 0,
        (err: { code?: number }) => err.code,
      );
    expect(refused).toBe(403);
  });
});
