// API server calls reuse TLS connections instead of a handshake per call (client-node 1.4 alone
// builds a new agent, so a new connection, for every request), and tokens stay per request.
import type { Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { pooledAgents } from '@/lib/kube/agents';
import { clientsForToken, dashboardClients } from '@/lib/kube/clients';
import { listPods } from '@/test/support/pods';
import { rawGet } from '@/lib/kube/raw';
import { requestToken } from '@/lib/kube/tokens';
import { applyScenario } from '@/lib/server/scenarios/apply';
import { loadScenario } from '@/lib/server/scenarios/load';

function openSockets(): Set<Socket> {
  const all = new Set<Socket>();
  for (const agent of pooledAgents()) {
    for (const list of [...Object.values(agent.freeSockets), ...Object.values(agent.sockets)]) {
      for (const s of list ?? []) all.add(s as Socket);
    }
  }
  return all;
}

beforeAll(async () => {
  await applyScenario(dashboardClients(), await loadScenario('token-request'));
});

describe('connection reuse', () => {
  it('makes ten sequential calls over one connection', async () => {
    const clients = dashboardClients();
    await clients.version.getCode();
    const before = openSockets();
    expect(before.size).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) await clients.core.listNamespacedServiceAccount({ namespace: 'default' });
    const after = openSockets();
    expect([...after].filter((s) => !before.has(s))).toEqual([]);
  });

  it('shares connections between token identities without mixing them up', async () => {
    const viewer = await requestToken(dashboardClients(), {
      namespace: 'default',
      serviceAccount: 'service-account-pod-viewer',
      expirationSeconds: 600,
    });
    const requester = await requestToken(dashboardClients(), {
      namespace: 'default',
      serviceAccount: 'service-account-token-requester',
      expirationSeconds: 600,
    });
    const asViewer = clientsForToken(viewer.token);
    const asRequester = clientsForToken(requester.token);
    for (let i = 0; i < 3; i++) {
      // Interleaved on the same pooled sockets: each answer is still the caller's own.
      expect(Array.isArray((await listPods(asViewer, 'default')).items)).toBe(true);
      expect((await rawGet(asRequester, '/api/v1/namespaces/default/pods')).status).toBe(403);
      expect((await rawGet(asViewer, '/api/v1/namespaces/default/pods')).status).toBe(200);
    }
    const sockets = openSockets();
    await rawGet(asRequester, '/api/v1/namespaces/default/pods');
    await rawGet(asViewer, '/api/v1/namespaces/default/pods');
    expect([...openSockets()].filter((s) => !sockets.has(s))).toEqual([]);
  });
});
