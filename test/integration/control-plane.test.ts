// Proves the local control plane is a real kube-apiserver: the exact answers the seed's walkthrough
// depends on (422 below 600 s, the clamp warning, 403 for the requester, 401 after expiry and after
// a bound object is deleted) come from upstream code, through lib/kube.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppError } from '@/lib/contracts/errors';
import { clientsForToken, dashboardClients } from '@/lib/kube/clients';
import { listPods } from '@/test/support/pods';
import { requestToken } from '@/lib/kube/tokens';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';
import { startCluster } from '../../scripts/lib/cluster.mjs';
import { signServiceAccountToken } from '../support/signer';

const ns = 'default';
const viewer = 'service-account-pod-viewer';
const requester = 'service-account-token-requester';

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  const admin = dashboardClients();
  for (const name of ['token-request', 'projected-volume']) {
    const results = await applyScenario(admin, await loadScenario(name));
    expect(results.every((r) => r.outcome === 'applied')).toBe(true);
  }
});

describe('TokenRequest against the real API server', () => {
  it('mints a 600 s token for the pod viewer that lists pods, and kubectl agrees', async () => {
    const issued = await requestToken(dashboardClients(), { namespace: ns, serviceAccount: viewer, expirationSeconds: 600 });
    expect(issued.grantedExpirationSeconds).toBe(600);
    const lifetime = (issued.expirationTimestamp.getTime() - Date.now()) / 1000;
    expect(lifetime).toBeGreaterThan(590);
    expect(lifetime).toBeLessThanOrEqual(600);
    const pods = await listPods(clientsForToken(issued.token), ns);
    expect(pods.items.map((p) => p.name)).toContain('nginx');

    const c = inject('cluster');
    const out = execFileSync(
      'kubectl',
      ['--kubeconfig=/dev/null', `--server=${c.server}`, `--certificate-authority=${c.caFile}`, `--token=${issued.token}`,
        'get', 'pods', '-n', ns, '-o', 'name'],
      { encoding: 'utf8' },
    );
    expect(out.trim().split('\n')).toEqual(pods.items.map((p) => `pod/${p.name}`));
  });

  it('rejects 599 seconds with the API server’s 422 message', async () => {
    const err = await failure(requestToken(dashboardClients(), { namespace: ns, serviceAccount: viewer, expirationSeconds: 599 }));
    expect(err.status).toBe(422);
    expect(err.code).toBe('invalid:kube');
    expect(err.detail).toContain('may not specify a duration less than 10 minutes');
  });

  it('shortens a lifetime above the maximum and says so in a Warning', async () => {
    const max = inject('cluster').maxTokenExpirationSeconds;
    const issued = await requestToken(dashboardClients(), { namespace: ns, serviceAccount: viewer, expirationSeconds: max + 100 });
    expect(issued.grantedExpirationSeconds).toBe(max);
    expect(issued.warnings.join(' ')).toContain(`requested expiration of ${max + 100} seconds shortened to ${max} seconds`);
  });

  it('lets the requester mint for the viewer, but denies the requester listing pods (403)', async () => {
    const requesterToken = (await requestToken(dashboardClients(), { namespace: ns, serviceAccount: requester, expirationSeconds: 600 })).token;
    const asRequester = clientsForToken(requesterToken);
    const minted = await requestToken(asRequester, { namespace: ns, serviceAccount: viewer, expirationSeconds: 600 });
    expect((await listPods(clientsForToken(minted.token), ns)).items.length).toBeGreaterThan(0);

    const err = await failure(listPods(asRequester, ns));
    expect(err.status).toBe(403);
    expect(err.detail).toContain('system:serviceaccount:default:service-account-token-requester');
    expect(err.detail).toContain('cannot list resource "pods"');
  });

  it('rejects the viewer minting for anyone (403 from the API server)', async () => {
    const viewerToken = (await requestToken(dashboardClients(), { namespace: ns, serviceAccount: viewer, expirationSeconds: 600 })).token;
    const err = await failure(requestToken(clientsForToken(viewerToken), { namespace: ns, serviceAccount: requester }));
    expect(err.status).toBe(403);
    expect(err.detail).toContain('cannot create resource "serviceaccounts/token"');
  });
});

describe('expiry and revocation', () => {
  it('answers 401 to a token whose exp is 5 minutes past, and TokenReview says it expired', async () => {
    const c = inject('cluster');
    const admin = dashboardClients();
    const sa = await admin.core.readNamespacedServiceAccount({ name: viewer, namespace: ns });
    const now = Math.floor(Date.now() / 1000);
    const token = await signServiceAccountToken({
      signingKeyFile: c.signingKey,
      issuer: c.issuer,
      audience: [c.issuer],
      namespace: ns,
      serviceAccount: viewer,
      serviceAccountUid: sa.metadata?.uid ?? '',
      iat: now - 1200,
      exp: now - 300,
    });
    const err = await failure(listPods(clientsForToken(token), ns));
    expect(err.status).toBe(401);
    const review = await admin.authn.createTokenReview({ body: { spec: { token } } });
    expect(review.status?.authenticated).not.toBe(true);
    expect(review.status?.error).toContain('service account token has expired');
  });

  it('accepts the same signer’s token while it is valid (the signer is not the reason for 401)', async () => {
    const c = inject('cluster');
    const sa = await dashboardClients().core.readNamespacedServiceAccount({ name: viewer, namespace: ns });
    const now = Math.floor(Date.now() / 1000);
    const token = await signServiceAccountToken({
      signingKeyFile: c.signingKey, issuer: c.issuer, audience: [c.issuer], namespace: ns,
      serviceAccount: viewer, serviceAccountUid: sa.metadata?.uid ?? '', iat: now - 60, exp: now + 600,
    });
    expect((await listPods(clientsForToken(token), ns)).items.length).toBeGreaterThan(0);
  });

  it('stops accepting a Secret-bound token within 15 s of the Secret’s deletion', async () => {
    const admin = dashboardClients();
    const secret = await admin.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { generateName: 'bound-' }, type: 'Opaque' },
    });
    const name = secret.metadata?.name ?? '';
    const issued = await requestToken(admin, {
      namespace: ns,
      serviceAccount: viewer,
      expirationSeconds: 600,
      boundObjectRef: { kind: 'Secret', name, uid: secret.metadata?.uid },
    });
    const asViewer = clientsForToken(issued.token);
    await listPods(asViewer, ns);
    await admin.core.deleteNamespacedSecret({ name, namespace: ns });
    const deleted = Date.now();
    let status = 200;
    while (Date.now() - deleted < 15_000) {
      try {
        await listPods(asViewer, ns);
      } catch (err) {
        if (err instanceof AppError) status = err.status;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
    expect(Date.now() - deleted).toBeLessThan(15_000);
  });
});

describe('controllers and persistence', () => {
  it('gives a new namespace its default ServiceAccount, and deletes namespaces', async () => {
    const admin = dashboardClients();
    const name = `it-${Date.now().toString(36)}`;
    await admin.core.createNamespace({ body: { metadata: { name } } });
    let found = false;
    for (let i = 0; i < 50 && !found; i++) {
      const list = await admin.core.listNamespacedServiceAccount({ namespace: name });
      found = list.items.some((s) => s.metadata?.name === 'default');
      if (!found) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toBe(true);
    await admin.core.deleteNamespace({ name });
    let gone = false;
    for (let i = 0; i < 100 && !gone; i++) {
      try {
        await admin.core.readNamespace({ name });
        await new Promise((r) => setTimeout(r, 200));
      } catch {
        gone = true;
      }
    }
    expect(gone).toBe(true);
  });

  it('has aggregated rules in ClusterRole view', async () => {
    const view = await dashboardClients().rbac.readClusterRole({ name: 'view' });
    expect(view.rules?.length ?? 0).toBeGreaterThan(5);
    expect(view.rules?.some((r) => r.resources?.includes('pods') && r.verbs.includes('list'))).toBe(true);
  });
});

describe('restart on the same data dir', () => {
  let dir = '';
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the seed objects across a stop and start', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenscope-restart-'));
    const first = await startCluster({ dataDir: dir, log: () => {} });
    process.env.KUBECONFIG = first.info.kubeconfig;
    const { resetDashboardKubeConfig } = await import('@/lib/kube/config');
    resetDashboardKubeConfig();
    await applyScenario(dashboardClients(), await loadScenario('token-request'));
    // The serviceaccount controller makes `default` shortly after READY; wait so it is stored too.
    for (let i = 0; i < 100; i++) {
      const list = await dashboardClients().core.listNamespacedServiceAccount({ namespace: ns });
      if (list.items.some((s) => s.metadata?.name === 'default')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await first.stop();

    const second = await startCluster({ dataDir: dir, log: () => {} });
    try {
      expect(second.info.server).toBe(first.info.server);
      resetDashboardKubeConfig();
      const sas = await dashboardClients().core.listNamespacedServiceAccount({ namespace: ns });
      const names = sas.items.map((s) => s.metadata?.name);
      expect(names).toEqual(expect.arrayContaining([viewer, requester, 'default']));
      const crb = await dashboardClients().rbac.readClusterRoleBinding({ name: 'cluster-role-binding-pod-viewer-blog' });
      expect(crb.subjects?.[0]?.name).toBe(viewer);
    } finally {
      await second.stop();
      process.env.KUBECONFIG = inject('cluster').kubeconfig;
      resetDashboardKubeConfig();
    }
  }, 120_000);
});
