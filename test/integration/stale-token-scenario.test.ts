// The stale-token scenario against the real API server and its real audit log: the simulated
// kubelet's 3607 s tokens come back extended (warnafter an hour ahead, exp a year); requests before
// warnafter are not stale; the fast path (scripts/stale-token.mjs, the control plane's own key,
// outside the dashboard) makes the API server annotate reads-once's request stale-token, and the
// stale-uses route finds it for that pod only. Then the automount join: of two accounts whose pods
// get a token mounted, the one whose pod called the API is "called" (with its pod), the other "never".
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as apply from '@/app/api/scenarios/[name]/apply/route';
import * as project from '@/app/api/scenarios/[name]/project/route';
import * as staleUses from '@/app/api/scenarios/[name]/stale-uses/route';
import * as teardown from '@/app/api/scenarios/[name]/teardown/route';
import * as requests from '@/app/api/tokens/[id]/requests/route';
import type { Problem } from '@/lib/contracts/errors';
import type { Projection, ScenarioStaleUses } from '@/lib/contracts/scenarios-api';
import type { TryResult } from '@/lib/contracts/tokens';
import { clientsForToken, dashboardClients } from '@/lib/kube/clients';
import { readTokenInventory } from '@/lib/kube/token-inventory';
import { requestToken } from '@/lib/kube/tokens';
import { staleTokensFor } from '@/lib/server/audit/stale';
import { automountUse } from '@/lib/tokens/account-activity';
import { listPods } from '../support/pods';
import { exclusive } from '../support/exclusive';
import { RouteClient } from '../support/routes';

const run = promisify(execFile);
const client = new RouteClient();
const NAME = 'stale-token';
const NS = 'stale-token-demo';
const listInNs = { verb: 'list', group: '', resource: 'pods', namespace: NS };
const post = <T>(handler: Parameters<RouteClient['call']>[0], body?: unknown) =>
  client.call<T & Problem>(handler, { method: 'POST', params: { name: NAME }, body });
const uses = (pod: string, since: number) =>
  client.call<ScenarioStaleUses & Problem>(staleUses.GET, {
    params: { name: NAME },
    path: `/api/scenarios/${NAME}/stale-uses?pod=${pod}&since=${since}`,
  });

// manifest-privilege.test.ts applies every scenario: this file's teardown must not overlap it.
let release: (() => void) | undefined;
beforeAll(async () => {
  release = await exclusive('scenarios', inject('cluster').server);
  process.env.TOKENSCOPE_AUDIT_LOG = inject('cluster').auditLog;
}, 180_000);
afterAll(async () => {
  try {
    await post(teardown.POST);
  } finally {
    delete process.env.TOKENSCOPE_AUDIT_LOG;
    release?.();
  }
});

describe('the stale-token scenario', () => {
  it('finds reads-once stale after the fast path, and rereads never', async () => {
    const started = Date.now();
    expect((await post(apply.POST)).status).toBe(200);
    const once = await post<Projection>(project.POST, { pod: 'reads-once' });
    const reread = await post<Projection>(project.POST, { pod: 'rereads' });
    expect(once.status).toBe(200);
    const token = once.body.token;
    if (!token || !reread.body.token) throw new Error('no projected token');
    // Extended by the API server: warnafter is the hour asked for, exp a year away.
    expect(token.requestedExpirationSeconds).toBe(3607);
    expect(token.warnAfter).toBeDefined();
    const warnIn = Date.parse(token.warnAfter ?? '') - Date.now();
    expect(warnIn).toBeGreaterThan(3500_000);
    expect(warnIn).toBeLessThanOrEqual(3607_000);
    expect((token.claims.exp ?? 0) * 1000).toBeGreaterThan(Date.now() + 300 * 24 * 3600_000);

    for (const t of [token, reread.body.token]) {
      const r = await client.call<TryResult>(requests.POST, {
        method: 'POST',
        params: { id: t.id },
        body: listInNs,
      });
      expect(r.body.status).toBe(200);
    }
    // Before warnafter the API server annotates nothing.
    const before = await uses('reads-once', started);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      configured: true,
      pod: 'reads-once',
      serviceAccount: 'inventory',
      use: null,
    });

    const { stdout } = await run(
      process.execPath,
      [
        'scripts/stale-token.mjs',
        '--data-dir',
        inject('cluster').dataDir,
        '--namespace',
        NS,
        '--pod',
        'reads-once',
        '--minutes-past',
        '3',
      ],
      { timeout: 30_000 },
    );
    expect(stdout).toContain(': 200.');
    expect(stdout).not.toMatch(/eyJ[\w-]+\.eyJ/);

    const after = await uses('reads-once', started);
    if (!after.body.configured) throw new Error(after.body.reason);
    expect(after.body.use).toMatchObject({ count: 1, lastRequest: `list pods in ${NS}` });
    expect(after.body.use?.lastSecondsStale).toBeGreaterThanOrEqual(180);
    expect(after.body.use?.lastSecondsStale).toBeLessThan(240);
    const other = await uses('rereads', started);
    expect(other.body).toMatchObject({ configured: true, use: null });
  });

  it('refuses a pod the scenario does not declare', async () => {
    const r = await uses('nginx', 0);
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain('has no Pod stale-token-demo/nginx');
  });
});

describe('automounted accounts joined with the audit log', () => {
  const ns = `automount-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    const admin = dashboardClients();
    await admin.core.createNamespace({ body: { metadata: { name: ns } } });
    for (const name of ['calls', 'silent']) {
      await admin.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name } } });
      await admin.core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: `${name}-1` },
          spec: { serviceAccountName: name, containers: [{ name: 'app', image: 'registry.invalid/app:1' }] },
        },
      });
    }
    await admin.rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'calls', namespace: ns }],
      },
    });
    const pod = await admin.core.readNamespacedPod({ namespace: ns, name: 'calls-1' });
    // What the pod's own app sends: a token bound to the pod, as kubelet mounts it.
    const minted = await requestToken(admin, {
      namespace: ns,
      serviceAccount: 'calls',
      expirationSeconds: 3607,
      boundObjectRef: { kind: 'Pod', name: 'calls-1', uid: pod.metadata?.uid ?? '' },
    });
    await listPods(clientsForToken(minted.token), ns);
  });
  afterAll(async () => {
    await dashboardClients()
      .core.deleteNamespace({ name: ns })
      .catch(() => undefined);
  });

  it('says which account’s pods called the API (and when last), and which never did', async () => {
    const { visibleServiceAccounts, automounted } = await readTokenInventory(dashboardClients());
    const mine = automounted.filter((a) => a.namespace === ns).map((a) => a.serviceAccount);
    expect(mine).toEqual(['calls', 'silent']);
    const section = await staleTokensFor(visibleServiceAccounts);
    if (!section.configured) throw new Error(section.reason);
    const log = { configured: true as const, activity: section.activity, since: section.recordsSince };
    expect(section.recordsSince).toBeDefined();
    const calls = automountUse({ namespace: ns, serviceAccount: 'calls' }, log);
    expect(calls).toMatchObject({ state: 'called', lastPod: 'calls-1', count: 1 });
    if (calls.state === 'called') expect(Date.now() - Date.parse(calls.lastSeen)).toBeLessThan(60_000);
    expect(automountUse({ namespace: ns, serviceAccount: 'silent' }, log)).toEqual({
      state: 'never',
      since: section.recordsSince,
    });
  });

  it('claims nothing without an audit log, and says how to configure it', async () => {
    const saved = process.env.TOKENSCOPE_AUDIT_LOG;
    delete process.env.TOKENSCOPE_AUDIT_LOG;
    try {
      const section = await staleTokensFor(new Set([`${ns}/silent`]));
      const use = automountUse(
        { namespace: ns, serviceAccount: 'silent' },
        section.configured
          ? { configured: true, activity: section.activity, since: section.recordsSince }
          : section,
      );
      expect(use).toEqual({ state: 'unknown', reason: expect.stringContaining('Set TOKENSCOPE_AUDIT_LOG') });
    } finally {
      process.env.TOKENSCOPE_AUDIT_LOG = saved;
    }
  });
});
