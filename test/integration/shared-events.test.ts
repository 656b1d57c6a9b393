// Shared mode: the live event stream tells each signed-in user only about changes they may list
// themselves (the watches behind it run as the dashboard and see everything).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GET } from '@/app/api/events/route';
import * as session from '@/app/api/session/route';
import type { ChangeEvent } from '@/lib/contracts/live';
import { dashboardClients } from '@/lib/kube/clients';
import { requestToken } from '@/lib/kube/tokens';
import { RouteClient } from '../support/routes';

const tag = Date.now().toString(36);
const other = `events-${tag}`;
const abort = new AbortController();
const readers: Promise<void>[] = [];

interface Stream {
  seen: ChangeEvent[];
  client: RouteClient;
  ended: Promise<void>;
}

/** Signs in with the token and collects the change events of its stream whose name carries `tag`. */
async function stream(token: string): Promise<Stream> {
  const c = new RouteClient();
  const signed = await c.call(session.POST, { method: 'POST', body: { token } });
  expect(signed.status).toBe(200);
  const req = new Request('http://127.0.0.1:3000/api/events?kinds=pods,serviceaccounts', {
    headers: { host: '127.0.0.1:3000', cookie: c.cookie },
    signal: abort.signal,
  });
  const res = await GET(req, { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no stream');
  const seen: ChangeEvent[] = [];
  const decoder = new TextDecoder();
  let buf = '';
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      for (let cut = buf.indexOf('\n\n'); cut >= 0; cut = buf.indexOf('\n\n')) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: change$/m.test(block) && data) {
          const e = JSON.parse(data) as ChangeEvent;
          if (e.name.includes(tag)) seen.push(e);
        }
      }
    }
  })();
  readers.push(ended);
  return { seen, client: c, ended };
}

let viewerStream: Stream;
let adminStream: Stream;

beforeAll(async () => {
  const admin = dashboardClients();
  await admin.core.createNamespace({ body: { metadata: { name: other } } });
  // A user who may list pods in default only (the seed's pod viewer may list them everywhere).
  const viewer = `viewer-${tag}`;
  await admin.core.createNamespacedServiceAccount({
    namespace: 'default',
    body: { metadata: { name: viewer } },
  });
  await admin.rbac.createNamespacedRole({
    namespace: 'default',
    body: { metadata: { name: viewer }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] },
  });
  await admin.rbac.createNamespacedRoleBinding({
    namespace: 'default',
    body: {
      metadata: { name: viewer },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: viewer },
      subjects: [{ kind: 'ServiceAccount', name: viewer, namespace: 'default' }],
    },
  });
  const viewerToken = (
    await requestToken(admin, { namespace: 'default', serviceAccount: viewer, expirationSeconds: 3600 })
  ).token;
  process.env.TOKENSCOPE_MODE = 'shared';
  viewerStream = await stream(viewerToken);
  adminStream = await stream(inject('cluster').adminToken);
  // The watches list first, and a list emits no events: wait until a fresh pod's ADDED arrives.
  for (let attempt = 0; ; attempt++) {
    const name = `sentinel-${attempt}-${tag}`;
    await admin.core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    });
    const seen = () =>
      adminStream.seen.some((e) => e.name === name) && viewerStream.seen.some((e) => e.name === name);
    for (let i = 0; i < 20 && !seen(); i++) await new Promise((r) => setTimeout(r, 100));
    if (seen()) break;
    if (attempt === 20) throw new Error('the watches never delivered an event');
  }
});

afterAll(async () => {
  delete process.env.TOKENSCOPE_MODE;
  abort.abort();
  await Promise.all(readers);
});

describe('shared-mode event stream', () => {
  it('forwards only the changes the signed-in user may list', async () => {
    const core = dashboardClients().core;
    const pod = (name: string) => ({
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    await core.createNamespacedPod({ namespace: 'default', body: pod(`visible-${tag}`) });
    await core.createNamespacedPod({ namespace: other, body: pod(`hidden-${tag}`) });
    await core.createNamespacedServiceAccount({
      namespace: 'default',
      body: { metadata: { name: `sa-${tag}` } },
    });
    const asAdmin = adminStream.seen;
    const asViewer = viewerStream.seen;
    const names = (events: ChangeEvent[]) =>
      events
        .filter((e) => !e.name.startsWith('sentinel-'))
        .map((e) => `${e.kind}/${e.namespace}/${e.name}`)
        .sort();
    // The admin may list everything: all three arrive, which shows the filter passes what it should.
    await expect
      .poll(() => names(asAdmin), { timeout: 5000 })
      .toEqual(
        [
          `pods/${other}/hidden-${tag}`,
          `pods/default/visible-${tag}`,
          `serviceaccounts/default/sa-${tag}`,
        ].sort(),
      );
    // The viewer may list pods in default only: the other namespace's pod and the ServiceAccounts never arrive.
    await expect.poll(() => names(asViewer), { timeout: 5000 }).toEqual([`pods/default/visible-${tag}`]);
    await new Promise((r) => setTimeout(r, 500));
    expect(names(asViewer)).toEqual([`pods/default/visible-${tag}`]);
  });

  it('ends the stream when the user signs out', async () => {
    const out = await viewerStream.client.call(session.DELETE, { method: 'DELETE' });
    expect(out.status).toBe(204);
    const before = viewerStream.seen.length;
    const pod = {
      metadata: { name: `after-signout-${tag}` },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    await dashboardClients().core.createNamespacedPod({ namespace: 'default', body: pod });
    // The next change the stream would have carried closes it instead, and nothing more arrives.
    const outcome = await Promise.race([
      viewerStream.ended.then(() => 'ended'),
      new Promise((r) => setTimeout(() => r('still open'), 5000)),
    ]);
    expect(outcome).toBe('ended');
    expect(viewerStream.seen.length).toBe(before);
    // The admin's stream is unaffected and sees the pod.
    await expect
      .poll(() => adminStream.seen.some((e) => e.name === `after-signout-${tag}`), { timeout: 5000 })
      .toBe(true);
  });
});
