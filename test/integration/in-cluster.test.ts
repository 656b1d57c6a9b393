// deploy/kubernetes/tokenscope.yaml against the local control plane: the server run as that
// ServiceAccount, configured exactly as in a pod (token, CA and namespace files plus
// KUBERNETES_SERVICE_HOST/PORT), can do its job and nothing more.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as serviceaccounts from '@/app/api/serviceaccounts/route';
import * as tokens from '@/app/api/tokens/route';
import * as requests from '@/app/api/tokens/[id]/requests/route';
import * as review from '@/app/api/tokens/[id]/review/route';
import type { ManifestObject } from '@/lib/contracts/scenarios';
import type { MintedToken, ReviewResult, TryResult } from '@/lib/contracts/tokens';
import { applyObjects } from '@/lib/kube/apply';
import { dashboardClients } from '@/lib/kube/clients';
import { resetDashboardKubeConfig } from '@/lib/kube/config';
import { clusterIdentity } from '@/lib/kube/identity';
import { requestToken } from '@/lib/kube/tokens';
import { applyScenario } from '@/lib/scenarios/apply';
import { loadScenario } from '@/lib/scenarios/load';
import { RouteClient } from '../support/routes';

const sa = { namespace: 'tokenscope', name: 'tokenscope' };
const user = `system:serviceaccount:${sa.namespace}:${sa.name}`;
const groups = ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`, 'system:authenticated'];
const saved = { ...process.env };
let root = '';

function manifests(): ManifestObject[] {
  const text = readFileSync(join(process.cwd(), 'deploy/kubernetes/tokenscope.yaml'), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as ManifestObject)
    .filter((o) => o && o.kind !== 'Deployment');
}

async function sar(attrs: Record<string, string>): Promise<boolean> {
  const r = await dashboardClients().authz.createSubjectAccessReview({ body: { spec: { user, groups, resourceAttributes: attrs } } });
  return r.status?.allowed === true;
}

beforeAll(async () => {
  const admin = dashboardClients();
  for (const name of ['token-request', 'projected-volume']) await applyScenario(admin, await loadScenario(name));
  const results = await applyObjects(admin, manifests(), 'tokenscope-deploy');
  expect(results.filter((r) => r.outcome !== 'applied')).toEqual([]);
  const { token } = await requestToken(admin, { namespace: sa.namespace, serviceAccount: sa.name, expirationSeconds: 3600 });

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
  resetDashboardKubeConfig();
});

afterAll(() => {
  for (const k of ['HOME', 'TOKENSCOPE_IN_CLUSTER_ROOT', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']) delete process.env[k];
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

  it('does its job: lists ServiceAccounts, mints for the workshop ServiceAccounts, tries and reviews tokens', async () => {
    const client = new RouteClient();
    const list = await client.call<{ items: { name: string }[] }>(serviceaccounts.GET, { path: '/api/serviceaccounts?namespace=default' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s) => s.name)).toContain('service-account-pod-viewer');
    const minted = await client.call<MintedToken>(tokens.POST, {
      method: 'POST',
      body: { namespace: 'default', serviceAccount: 'service-account-pod-viewer', expirationSeconds: 600 },
    });
    expect(minted.status).toBe(201);
    const tried = await client.call<TryResult>(requests.POST, {
      method: 'POST',
      params: { id: minted.body.id },
      body: { verb: 'list', group: '', resource: 'pods', namespace: 'default' },
    });
    expect(tried.body.status).toBe(200);
    const reviewed = await client.call<ReviewResult>(review.POST, { method: 'POST', params: { id: minted.body.id } });
    expect(reviewed.body.authenticated).toBe(true);
  });

  it('and nothing more: cannot mint for other ServiceAccounts, the API server says 403', async () => {
    const client = new RouteClient();
    for (const [namespace, serviceAccount] of [['default', 'default'], ['kube-system', 'default'], ['tokenscope', 'tokenscope']]) {
      const r = await client.call<{ code: string }>(tokens.POST, { method: 'POST', body: { namespace, serviceAccount } });
      expect(r.status, `${namespace}/${serviceAccount}`).toBe(403);
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
  ])('is denied: %s', async (_what, attrs) => {
    expect(await sar(attrs as Record<string, string>)).toBe(false);
  });

  it.each([
    ['list ServiceAccounts', { verb: 'list', resource: 'serviceaccounts' }],
    ['watch pods', { verb: 'watch', resource: 'pods' }],
    ['list ClusterRoleBindings', { verb: 'list', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' }],
    ['create SubjectAccessReviews', { verb: 'create', group: 'authorization.k8s.io', resource: 'subjectaccessreviews' }],
    ['create TokenReviews', { verb: 'create', group: 'authentication.k8s.io', resource: 'tokenreviews' }],
    ['mint for the pod viewer', { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'default', name: 'service-account-pod-viewer' }],
  ])('is allowed: %s', async (_what, attrs) => {
    expect(await sar(attrs as Record<string, string>)).toBe(true);
  });
});
