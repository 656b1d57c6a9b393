// The guided view's routes against the real API server: apply one manifest, "Apply this fix" (403 →
// Role/RoleBinding → 200, refused outside the scenario's namespace or for sensitive grants, removed
// by teardown), and the simulated kubelet minting pod-bound file versions.
import { beforeAll, describe, expect, it } from 'vitest';
import * as apply from '@/app/api/scenarios/[name]/apply/route';
import * as grant from '@/app/api/scenarios/[name]/grant/route';
import * as project from '@/app/api/scenarios/[name]/project/route';
import * as teardown from '@/app/api/scenarios/[name]/teardown/route';
import * as requests from '@/app/api/tokens/[id]/requests/route';
import * as tokens from '@/app/api/tokens/route';
import type { Problem } from '@/lib/contracts/errors';
import type { Projection, ScenarioGrantResult, ScenarioRun } from '@/lib/contracts/scenarios-api';
import type { MintedToken, TryResult } from '@/lib/contracts/tokens';
import { dashboardClients } from '@/lib/kube/clients';
import { RouteClient } from '../support/routes';

const client = new RouteClient();
const post = <T>(handler: Parameters<RouteClient['call']>[0], name: string, body?: unknown) =>
  client.call<T & Problem>(handler, { method: 'POST', params: { name }, body });
const requester = { namespace: 'default', name: 'service-account-token-requester' };
const listPods = { verb: 'list', group: '', resource: 'pods', namespace: 'default' };
const labelSelector = 'tokenscope.dev/scenario=token-request,tokenscope.dev/grant';

async function fixes() {
  const rbac = dashboardClients().rbac;
  const [roles, bindings] = await Promise.all([
    rbac.listNamespacedRole({ namespace: 'default', labelSelector }),
    rbac.listNamespacedRoleBinding({ namespace: 'default', labelSelector }),
  ]);
  // List items carry no kind, so it is added here.
  return [
    ...roles.items.map((o) => `Role/${o.metadata?.name}`),
    ...bindings.items.map((o) => `RoleBinding/${o.metadata?.name}`),
  ].sort();
}

beforeAll(async () => {
  await post(teardown.POST, 'token-request');
  await post(teardown.POST, 'projected-volume');
});

describe('POST /api/scenarios/{name}/apply with a manifest', () => {
  it('applies only that manifest, and refuses one the scenario does not have', async () => {
    const r = await post<ScenarioRun>(apply.POST, 'token-request', { manifest: '04-service-account.yaml' });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => `${x.kind}/${x.name}:${x.outcome}`)).toEqual([
      'ServiceAccount/service-account-token-requester:applied',
      'ServiceAccount/service-account-pod-viewer:applied',
    ]);
    const crb = await dashboardClients()
      .rbac.readClusterRoleBinding({ name: 'cluster-role-binding-pod-viewer-blog' })
      .then(
        () => 200,
        () => 404,
      );
    expect(crb).toBe(404);
    const bad = await post(apply.POST, 'token-request', { manifest: '03-pod.yaml' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('has no manifest 03-pod.yaml');
  });
});

describe('POST /api/scenarios/{name}/grant', () => {
  it('turns the requester’s 403 into 200, and teardown removes the fix', async () => {
    await post(apply.POST, 'token-request');
    const minted = await client.call<MintedToken>(tokens.POST, {
      method: 'POST',
      body: { namespace: 'default', serviceAccount: requester.name, expirationSeconds: 600 },
    });
    const tryIt = () =>
      client.call<TryResult>(requests.POST, {
        method: 'POST',
        params: { id: minted.body.id },
        body: listPods,
      });
    expect((await tryIt()).body.status).toBe(403);

    const r = await post<ScenarioGrantResult>(grant.POST, 'token-request', {
      serviceAccount: requester,
      request: listPods,
    });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    const name = 'tokenscope-fix-service-account-token-requester-list-pods';
    expect(r.body.role).toEqual({ name, namespace: 'default' });
    expect(await fixes()).toEqual([`Role/${name}`, `RoleBinding/${name}`]);
    const role = await dashboardClients().rbac.readNamespacedRole({ name, namespace: 'default' });
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]);
    await expect.poll(async () => (await tryIt()).body.status, { timeout: 5000 }).toBe(200);

    const again = await post<ScenarioGrantResult>(grant.POST, 'token-request', {
      serviceAccount: requester,
      request: listPods,
    });
    expect(again.body.ok).toBe(true);
    expect(await fixes()).toHaveLength(2);

    const down = await post<ScenarioRun>(teardown.POST, 'token-request');
    expect(down.body.ok).toBe(true);
    expect(down.body.results.slice(0, 2).map((x) => `${x.kind}/${x.name}:${x.outcome}`)).toEqual([
      `RoleBinding/${name}:deleted`,
      `Role/${name}:deleted`,
    ]);
    expect(await fixes()).toEqual([]);
  });

  it.each([
    [
      'another namespace',
      { serviceAccount: requester, request: { ...listPods, namespace: 'kube-system' } },
      'only inside the scenario’s namespace (default)',
    ],
    [
      'a ServiceAccount the scenario does not declare',
      { serviceAccount: { namespace: 'default', name: 'default' }, request: listPods },
      'has no ServiceAccount default/default',
    ],
    [
      'a sensitive grant',
      { serviceAccount: requester, request: { ...listPods, verb: 'get', resource: 'secrets' } },
      'read Secrets',
    ],
    ['a wildcard', { serviceAccount: requester, request: { ...listPods, verb: '*' } }, 'without wildcards'],
    ['YAML instead of attributes', { yaml: 'kind: ClusterRoleBinding' }, 'body.serviceAccount'],
  ])('refuses %s', async (_what, body, message) => {
    const r = await post(grant.POST, 'token-request', body);
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain(message);
    expect(await fixes()).toEqual([]);
  });
});

describe('POST /api/scenarios/{name}/grant refuses what would let the grantee run code as a ServiceAccount', () => {
  const runCode = 'would let the grantee run code as a ServiceAccount';
  it.each([
    { verb: 'patch', group: '', resource: 'pods' },
    { verb: 'update', group: '', resource: 'pods', name: 'nginx' },
    { verb: 'patch', group: '', resource: 'pods', subresource: 'ephemeralcontainers' },
    { verb: 'create', group: '', resource: 'pods', subresource: 'portforward' },
    { verb: 'get', group: '', resource: 'pods', subresource: 'attach' },
    { verb: 'update', group: 'apps', resource: 'deployments' },
    { verb: 'patch', group: 'apps', resource: 'statefulsets' },
    { verb: 'create', group: 'batch', resource: 'cronjobs' },
    { verb: 'update', group: '', resource: 'replicationcontrollers' },
    { verb: 'patch', group: '', resource: 'namespaces', name: 'default' },
  ])('refuses $verb $resource $subresource, says why, and applies nothing', async (request) => {
    const r = await post(grant.POST, 'token-request', {
      serviceAccount: requester,
      request: { ...request, namespace: 'default' },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid:request');
    expect(r.body.detail).toContain(`Not applied with one click: ${request.verb} ${request.resource}`);
    expect(r.body.detail).toContain(runCode);
    expect(await fixes()).toEqual([]);
  });

  it('still applies a harmless grant next to them', async () => {
    const r = await post<ScenarioGrantResult>(grant.POST, 'token-request', {
      serviceAccount: requester,
      request: { verb: 'get', group: '', resource: 'configmaps', namespace: 'default' },
    });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    await post(teardown.POST, 'token-request');
    expect(await fixes()).toEqual([]);
  });
});

describe('POST /api/scenarios/{name}/project', () => {
  it('mints pod-bound file versions with the volume’s lifetime, each one new', async () => {
    await post(apply.POST, 'projected-volume');
    const pod = await dashboardClients().core.readNamespacedPod({ name: 'nginx', namespace: 'default' });
    const v1 = await post<Projection>(project.POST, 'projected-volume', { pod: 'nginx' });
    expect(v1.status).toBe(200);
    expect(v1.body.mode).toBe('simulated');
    expect(v1.body.source).toEqual({
      volume: 'projected-volume-for-service-account-blog',
      path: 'service-account-token-as-file',
      filePath: '/tmp/secrets/service-account-token-as-file',
      expirationSeconds: 600,
      refreshAfterSeconds: 480,
    });
    const t1 = v1.body.token;
    expect(t1?.boundObject).toEqual({ kind: 'Pod', name: 'nginx', uid: pod.metadata?.uid });
    expect(t1?.serviceAccount).toBe('service-account-blog');
    expect(t1?.grantedExpirationSeconds).toBe(600);
    const v2 = await post<Projection>(project.POST, 'projected-volume', { pod: 'nginx' });
    expect(v2.body.token?.id).not.toBe(t1?.id);
    expect(v2.body.token?.jti).not.toBe(t1?.jti);

    const other = await post(project.POST, 'projected-volume', { pod: 'not-in-the-scenario' });
    expect(other.status).toBe(400);
    await post(teardown.POST, 'projected-volume');
    const gone = await post(project.POST, 'projected-volume', { pod: 'nginx' });
    expect(gone.status).toBe(404);
  });

  it('mints nothing where a real kubelet runs the pod, and says so', async () => {
    await post(apply.POST, 'projected-volume');
    // Where a kubelet runs the pod, Tokenscope mints nothing and says so. The test plays scheduler
    // and kubelet (binding, then status) as the admin, since this cluster has neither.
    const core = dashboardClients().core;
    await core.createNamespacedPodBinding({
      name: 'nginx',
      namespace: 'default',
      body: { metadata: { name: 'nginx' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' } },
    });
    const running = await core.readNamespacedPodStatus({ name: 'nginx', namespace: 'default' });
    await core.replaceNamespacedPodStatus({
      name: 'nginx',
      namespace: 'default',
      body: { ...running, status: { ...running.status, phase: 'Running' } },
    });
    const real = await post<Projection>(project.POST, 'projected-volume', { pod: 'nginx' });
    expect(real.body.mode).toBe('kubelet');
    expect(real.body.token).toBeNull();
    expect(real.body.pod).toMatchObject({ phase: 'Running', nodeName: 'node-a' });

    // A pod bound to a node waits for its kubelet to confirm deletion; there is none here.
    await core.deleteNamespacedPod({ name: 'nginx', namespace: 'default', gracePeriodSeconds: 0 });
    await post(teardown.POST, 'projected-volume');
  });
});
