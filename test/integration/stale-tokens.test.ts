// Stale-token detection from the local control plane's real audit log. A token like the ones the
// kubelet gets for a pod, but signed with a warnafter already past (waiting an hour is not possible
// in a test), is still accepted by the API server, which annotates the request
// authentication.k8s.io/stale-token; Tokenscope finds it by ServiceAccount and pod. A fresh token
// of the same pod is not reported, and a caller who may not list ServiceAccounts sees none of it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clientsForToken, dashboardClients } from '@/lib/kube/clients';
import { requestToken } from '@/lib/kube/tokens';
import { readStaleTokens, staleTokensFor } from '@/lib/server/audit/stale';
import { listPods } from '../support/pods';
import { signServiceAccountToken } from '../support/signer';

const suffix = randomBytes(3).toString('hex');
const ns = `stale-${suffix}`;
const uids = { keeps: '', rereads: '', pod: '', podRereads: '' };

async function podToken(sa: 'keeps' | 'rereads', pod: string, podUid: string, warnAfterSecondsAgo: number) {
  const c = inject('cluster');
  const now = Math.floor(Date.now() / 1000);
  return signServiceAccountToken({
    signingKeyFile: c.signingKey,
    issuer: c.issuer,
    audience: [c.issuer],
    namespace: ns,
    serviceAccount: sa,
    serviceAccountUid: uids[sa],
    iat: now - 3607 - warnAfterSecondsAgo,
    // The API server extends the exp of a kubelet's token; warnafter is the hour it asked for.
    exp: now + 365 * 24 * 3600,
    kubernetes: { pod: { name: pod, uid: podUid }, warnafter: now - warnAfterSecondsAgo },
  });
}

beforeAll(async () => {
  const admin = dashboardClients();
  await admin.core.createNamespace({ body: { metadata: { name: ns } } });
  for (const name of ['keeps', 'rereads'] as const) {
    const sa = await admin.core.createNamespacedServiceAccount({
      namespace: ns,
      body: { metadata: { name } },
    });
    uids[name] = sa.metadata?.uid ?? '';
  }
  const pod = (name: string, serviceAccountName: string) =>
    admin.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name },
        spec: { serviceAccountName, containers: [{ name: 'app', image: 'registry.invalid/app:1' }] },
      },
    });
  uids.pod = (await pod('keeps-1', 'keeps')).metadata?.uid ?? '';
  uids.podRereads = (await pod('rereads-1', 'rereads')).metadata?.uid ?? '';
  await admin.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', name: `system:serviceaccounts:${ns}` }],
    },
  });
  // The app that read its token once: 130 s past warnafter, used twice.
  const stale = clientsForToken(await podToken('keeps', 'keeps-1', uids.pod, 130));
  await listPods(stale, ns);
  await listPods(stale, ns);
  // The app that re-reads the file: its token's warnafter is still ahead.
  const fresh = clientsForToken(await podToken('rereads', 'rereads-1', uids.podRereads, -600));
  await listPods(fresh, ns);
  // Two TokenRequests: one for two days (the local control plane's maximum), one for ten minutes.
  await requestToken(admin, {
    namespace: ns,
    serviceAccount: 'keeps',
    expirationSeconds: 172_800,
    audiences: ['vault'],
  });
  await requestToken(admin, { namespace: ns, serviceAccount: 'rereads', expirationSeconds: 600 });
});

afterAll(async () => {
  await dashboardClients()
    .core.deleteNamespace({ name: ns })
    .catch(() => undefined);
});

describe('stale tokens in the audit log', () => {
  it('reports the pod that keeps using its token past the refresh, and not the one that re-reads', async () => {
    const read = await readStaleTokens(inject('cluster').auditLog, Date.now() - 10 * 60_000);
    const mine = read.users.filter((u) => u.namespace === ns);
    expect(mine).toHaveLength(1);
    const [keeps] = mine;
    expect(keeps).toMatchObject({
      serviceAccount: 'keeps',
      pod: 'keeps-1',
      count: 2,
      lastRequest: `list pods in ${ns}`,
    });
    // The API server computes the seconds at request time: 130 and a little more.
    expect(keeps?.lastSecondsStale).toBeGreaterThanOrEqual(130);
    expect(keeps?.lastSecondsStale).toBeLessThan(200);
    expect(read.files).toContain('audit.log');
  });

  it('lists TokenRequests that asked for more than a day, from their recorded body', async () => {
    const read = await readStaleTokens(inject('cluster').auditLog, Date.now() - 10 * 60_000);
    const mine = read.longMints.filter((m) => m.namespace === ns);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      serviceAccount: 'keeps',
      count: 1,
      maxSeconds: 172_800,
      audiences: ['vault'],
      unbound: true,
    });
    // The token itself is never in the log: Request level records the request, not the response.
    const { readFile } = await import('node:fs/promises');
    const log = await readFile(inject('cluster').auditLog, 'utf8');
    const mints = log
      .split('\n')
      .filter((l) => l.includes(`"namespace":"${ns}"`) && l.includes('"subresource":"token"'));
    expect(mints.length).toBeGreaterThanOrEqual(2);
    for (const line of mints) {
      expect(line).not.toContain('"responseObject"');
      expect(line).not.toMatch(/eyJ[\w-]+\.eyJ/);
    }
  });

  it('shows the audit log only for ServiceAccounts the caller could list', async () => {
    process.env.TOKENSCOPE_AUDIT_LOG = inject('cluster').auditLog;
    try {
      const seen = await staleTokensFor(new Set([`${ns}/keeps`]));
      const hidden = await staleTokensFor(new Set());
      if (!seen.configured || !hidden.configured) throw new Error('audit log not configured');
      expect(seen.users.some((u) => u.namespace === ns && u.pod === 'keeps-1')).toBe(true);
      expect(hidden.users).toEqual([]);
      expect(hidden.hidden).toBeGreaterThanOrEqual(1);
    } finally {
      delete process.env.TOKENSCOPE_AUDIT_LOG;
    }
  });

  it('says how to configure it when there is no audit log', async () => {
    delete process.env.TOKENSCOPE_AUDIT_LOG;
    const section = await staleTokensFor(new Set());
    expect(section).toEqual({
      configured: false,
      reason: expect.stringContaining('Set TOKENSCOPE_AUDIT_LOG'),
    });
  });
});
