// deploy/kubernetes/tokenscope.yaml against the local control plane: the server run as that
// ServiceAccount, configured exactly as in a pod (token, CA and namespace files,
// KUBERNETES_SERVICE_HOST/PORT and the Deployment's env: shared mode), acts as each signed-in user,
// never lends its own identity, and its own rights are the live watches' and nothing more.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as serviceaccount from '@/app/api/namespaces/[ns]/serviceaccounts/[name]/route';
import * as serviceaccounts from '@/app/api/serviceaccounts/route';
import * as session from '@/app/api/session/route';
import * as tokens from '@/app/api/tokens/route';
import * as requests from '@/app/api/tokens/[id]/requests/route';
import * as review from '@/app/api/tokens/[id]/review/route';
import type { ManifestObject } from '@/lib/contracts/scenarios';
import type { ServiceAccountDetail, ServiceAccountPage } from '@/lib/contracts/serviceaccounts';
import type { MintedToken, ReviewResult, TryResult } from '@/lib/contracts/tokens';
import { applyObjects, deleteObjects } from '@/lib/kube/apply';
import { dashboardClients, type KubeClients } from '@/lib/kube/clients';
import { resetDashboardKubeConfig } from '@/lib/kube/config';
import { clusterIdentity } from '@/lib/kube/identity';
import { watchKind } from '@/lib/kube/kind-watchers';
import { requestToken } from '@/lib/kube/tokens';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { RouteClient } from '../support/routes';

const sa = { namespace: 'tokenscope', name: 'tokenscope' };
const user = `system:serviceaccount:${sa.namespace}:${sa.name}`;
const groups = ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`, 'system:authenticated'];
const saved = { ...process.env };
let root = '';

const manifestText = readFileSync(join(process.cwd(), 'deploy/kubernetes/tokenscope.yaml'), 'utf8');
const docs = parseAllDocuments(manifestText).map((d) => d.toJS() as ManifestObject);

function manifests(): ManifestObject[] {
  return docs.filter((o) => o && o.kind !== 'Deployment');
}

/** The Deployment's TOKENSCOPE_* env, as the pod gets it. */
function deploymentEnv(): Record<string, string> {
  const d = docs.find((o) => o?.kind === 'Deployment') as unknown as {
    spec: { template: { spec: { containers: { env?: { name: string; value: string }[] }[] } } };
  };
  const env = d.spec.template.spec.containers[0]?.env ?? [];
  return Object.fromEntries(env.filter((e) => e.name.startsWith('TOKENSCOPE_')).map((e) => [e.name, e.value]));
}

/** The per-namespace Secret grant the manifest shows as a comment, for one namespace. */
function secretOptIn(namespace: string): ManifestObject[] {
  const block = manifestText
    .split('\n')
    .filter((l) => l.startsWith('#   '))
    .map((l) => l.slice(4))
    .join('\n')
    .replaceAll('NAMESPACE', namespace);
  return parseAllDocuments(block).map((d) => d.toJS() as ManifestObject);
}

/** A workshop presenter signing in: reads what the pages need, mints for the pod viewer only, reviews. */
const presenter: ManifestObject[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'it-presenter', namespace: 'default' } },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'it-presenter' },
    rules: [
      { apiGroups: [''], resources: ['serviceaccounts', 'pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'], resourceNames: ['service-account-pod-viewer'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'it-presenter' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'it-presenter' },
    subjects: [{ kind: 'ServiceAccount', name: 'it-presenter', namespace: 'default' }],
  },
] as unknown as ManifestObject[];
let presenterToken = '';
/** The local cluster's admin, kept from before the server became the ServiceAccount. */
let adminClients: KubeClients;

async function sar(attrs: Record<string, string>): Promise<boolean> {
  const r = await adminClients.authz.createSubjectAccessReview({ body: { spec: { user, groups, resourceAttributes: attrs } } });
  return r.status?.allowed === true;
}

beforeAll(async () => {
  const admin = dashboardClients();
  adminClients = admin;
  for (const name of ['token-request', 'projected-volume']) await applyScenario(admin, await loadScenario(name));
  const results = await applyObjects(admin, [...manifests(), ...presenter], 'tokenscope-deploy');
  expect(results.filter((r) => r.outcome !== 'applied')).toEqual([]);
  const { token } = await requestToken(admin, { namespace: sa.namespace, serviceAccount: sa.name, expirationSeconds: 3600 });
  presenterToken = (await requestToken(admin, { namespace: 'default', serviceAccount: 'it-presenter', expirationSeconds: 3600 })).token;

  root = mkdtempSync(join(tmpdir(), 'tokenscope-pod-'));
  const dir = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(dir, { recursive: true });
  const c = inject('cluster');
  writeFileSync(join(dir, 'token'), token);
  writeFileSync(join(dir, 'ca.crt'), readFileSync(c.caFile));
  writeFileSync(join(dir, 'namespace'), sa.namespace);
  const server = new URL(c.server);
  delete process.env.KUBECONFIG;
  process.env.HOME = root;
  process.env.TOKENSCOPE_IN_CLUSTER_ROOT = root;
  process.env.KUBERNETES_SERVICE_HOST = server.hostname;
  process.env.KUBERNETES_SERVICE_PORT = server.port;
  Object.assign(process.env, deploymentEnv());
  resetDashboardKubeConfig();
});

afterAll(() => {
  for (const k of ['HOME', 'TOKENSCOPE_IN_CLUSTER_ROOT', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', ...Object.keys(deploymentEnv())]) delete process.env[k];
  Object.assign(process.env, saved);
  resetDashboardKubeConfig();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('running in a pod as the least-privilege ServiceAccount', () => {
  it('knows it is in-cluster and who it is', async () => {
    const id = await clusterIdentity(dashboardClients());
    expect(id.source).toBe('in-cluster');
    expect(id.user.username).toBe(user);
  });

  it('runs in shared mode and lends its own identity to nobody: without a sign-in every route says 401', async () => {
    expect(deploymentEnv().TOKENSCOPE_MODE).toBe('shared');
    const client = new RouteClient();
    const list = await client.call(serviceaccounts.GET, { path: '/api/serviceaccounts?namespace=default' });
    expect(list.status).toBe(401);
    const minted = await client.call(tokens.POST, { method: 'POST', body: { namespace: 'default', serviceAccount: 'service-account-pod-viewer' } });
    expect(minted.status).toBe(401);
  });

  it('does its job as the signed-in user: lists ServiceAccounts, mints what the user may, tries and reviews tokens', async () => {
    const client = new RouteClient();
    expect((await client.call(session.POST, { method: 'POST', body: { token: presenterToken } })).status).toBe(200);
    const list = await client.call<ServiceAccountPage>(serviceaccounts.GET, { path: '/api/serviceaccounts?namespace=default' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s) => s.name)).toContain('service-account-pod-viewer');
    const minted = await client.call<MintedToken>(tokens.POST, {
      method: 'POST',
      body: { namespace: 'default', serviceAccount: 'service-account-pod-viewer', expirationSeconds: 600 },
    });
    expect(minted.status).toBe(201);
    expect(minted.body.mintedBy?.subject).toBe('system:serviceaccount:default:it-presenter');
    const tried = await client.call<TryResult>(requests.POST, {
      method: 'POST',
      params: { id: minted.body.id },
      body: { verb: 'list', group: '', resource: 'pods', namespace: 'default' },
    });
    expect(tried.body.status).toBe(200);
    const reviewed = await client.call<ReviewResult>(review.POST, { method: 'POST', params: { id: minted.body.id } });
    expect(reviewed.body.authenticated).toBe(true);
    const other = await client.call(tokens.POST, { method: 'POST', body: { namespace: 'default', serviceAccount: 'default' } });
    expect(other.status).toBe(403);
  });

  it('says plainly that legacy tokens are not shown to a user who may not list Secrets, and shows the rest', async () => {
    const client = new RouteClient();
    await client.call(session.POST, { method: 'POST', body: { token: presenterToken } });
    const list = await client.call<ServiceAccountPage>(serviceaccounts.GET, { path: '/api/serviceaccounts?namespace=default' });
    expect(list.status).toBe(200);
    expect(list.body.items[0]?.legacyTokensUnreadable).toMatch(/listing Secrets in namespace default is forbidden for the identity you signed in with/);
    const detail = await client.call<ServiceAccountDetail>(serviceaccount.GET, {
      params: { ns: 'default', name: 'service-account-pod-viewer' },
    });
    expect(detail.status).toBe(200);
    expect(detail.body.legacyTokens).toEqual([]);
    expect(detail.body.summary.legacyTokensUnreadable).toContain('(the API server answered 403)');
  });

  it('watches token Secrets only in the namespaces it is given, with the grant the manifest shows', async () => {
    expect(deploymentEnv().TOKENSCOPE_SECRET_NAMESPACES).toBe('');
    const watch = (namespaces: string) =>
      new Promise<string>((resolve) => {
        process.env.TOKENSCOPE_SECRET_NAMESPACES = namespaces;
        const w = watchKind('tokensecrets', dashboardClients(), {
          change: () => {},
          failure: (err) => {
            w.stop();
            resolve(err.message);
          },
          current: (c) => {
            if (!c) return;
            w.stop();
            resolve('current');
          },
        });
        w.start();
      });
    try {
      expect(await watch('')).toBe('current');
      expect(await watch('default')).toContain('HTTP 403');
      const results = await applyObjects(adminClients, secretOptIn('default'), 'tokenscope-deploy');
      expect(results.filter((r) => r.outcome !== 'applied')).toEqual([]);
      expect(await watch('default')).toBe('current');
      expect(await watch('default,kube-system')).toContain('HTTP 403');
    } finally {
      process.env.TOKENSCOPE_SECRET_NAMESPACES = deploymentEnv().TOKENSCOPE_SECRET_NAMESPACES;
      await deleteObjects(adminClients, secretOptIn('default'), 'tokenscope-deploy');
    }
  });

  it.each([
    ['create pods', { verb: 'create', resource: 'pods', namespace: 'default' }],
    ['create deployments', { verb: 'create', group: 'apps', resource: 'deployments', namespace: 'default' }],
    ['get a secret', { verb: 'get', resource: 'secrets', namespace: 'default', name: 'x' }],
    ['escalate roles', { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }],
    ['bind roles', { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }],
    ['create bindings', { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' }],
    ['impersonate users', { verb: 'impersonate', resource: 'users' }],
    ['impersonate ServiceAccounts', { verb: 'impersonate', resource: 'serviceaccounts', namespace: 'default' }],
    ['mint for any ServiceAccount in default', { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'default', name: 'default' }],
    ['mint in kube-system', { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'kube-system', name: 'default' }],
    ['delete ServiceAccounts', { verb: 'delete', resource: 'serviceaccounts', namespace: 'default', name: 'x' }],
    ['update ServiceAccounts', { verb: 'update', resource: 'serviceaccounts', namespace: 'default', name: 'x' }],
    ['exec into pods', { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'default', name: 'nginx' }],
    ['list secrets in any namespace', { verb: 'list', resource: 'secrets' }],
    ['watch secrets in default', { verb: 'watch', resource: 'secrets', namespace: 'default' }],
    ['mint for the pod viewer', { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'default', name: 'service-account-pod-viewer' }],
    ['mint for the token requester', { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'default', name: 'service-account-token-requester' }],
    ['create SubjectAccessReviews', { verb: 'create', group: 'authorization.k8s.io', resource: 'subjectaccessreviews' }],
    ['create TokenReviews', { verb: 'create', group: 'authentication.k8s.io', resource: 'tokenreviews' }],
  ])('is denied: %s', async (_what, attrs) => {
    expect(await sar(attrs as Record<string, string>)).toBe(false);
  });

  it.each([
    ['list ServiceAccounts', { verb: 'list', resource: 'serviceaccounts' }],
    ['watch pods', { verb: 'watch', resource: 'pods' }],
    ['list ClusterRoleBindings', { verb: 'list', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' }],
    ['watch Roles', { verb: 'watch', group: 'rbac.authorization.k8s.io', resource: 'roles' }],
  ])('is allowed: %s', async (_what, attrs) => {
    expect(await sar(attrs as Record<string, string>)).toBe(true);
  });
});
