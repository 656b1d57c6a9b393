// The bound-object picker's route against the real API server: it lists Pods, Secrets (metadata
// only) and Nodes with their real UIDs, as the caller (403 for one who may not list), and minting
// with a picked UID binds the token to exactly that object, while a wrong UID is refused.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as boundObjects from '@/app/api/namespaces/[ns]/bound-objects/route';
import * as session from '@/app/api/session/route';
import * as tokens from '@/app/api/tokens/route';
import type { BoundObjectList } from '@/lib/contracts/bound-objects';
import type { Problem } from '@/lib/contracts/errors';
import type { MintedToken } from '@/lib/contracts/tokens';
import { listByMetadata } from '@/lib/kube/bound-objects';
import { dashboardClients } from '@/lib/kube/clients';
import { selfSubjectReview } from '@/lib/kube/identity';
import { requestToken } from '@/lib/kube/tokens';
import { RouteClient } from '../support/routes';

const suffix = randomBytes(3).toString('hex');
const ns = `picker-${suffix}`;
const emptyNs = `picker-empty-${suffix}`;
const manyNs = `picker-many-${suffix}`;
const sa = 'picker-sa';
const nodeName = `picker-node-${suffix}`;
const SECRET_VALUE = 'hunter2-do-not-leak';
const uids = { pod: '', secret: '', node: '' };

const client = new RouteClient();
type ListReply = BoundObjectList & Partial<Problem>;
const list = (kind: string, namespace = ns, c = client) =>
  c.call<ListReply>(boundObjects.GET, {
    path: `/api/namespaces/${namespace}/bound-objects?kind=${kind}`,
    params: { ns: namespace },
  });
const mint = (boundObjectRef: Record<string, unknown>) =>
  client.call<MintedToken & { code?: string; detail?: string }>(tokens.POST, {
    method: 'POST',
    body: { namespace: ns, serviceAccount: sa, expirationSeconds: 600, boundObjectRef },
  });

beforeAll(async () => {
  const admin = dashboardClients();
  for (const name of [ns, emptyNs, manyNs])
    await admin.core.createNamespace({ body: { metadata: { name } } });
  await admin.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: sa } } });
  const pod = await admin.core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'picker-pod' },
      spec: {
        serviceAccountName: sa,
        automountServiceAccountToken: false,
        containers: [{ name: 'c', image: 'nginx' }],
      },
    },
  });
  const secret = await admin.core.createNamespacedSecret({
    namespace: ns,
    body: {
      metadata: {
        name: 'picker-secret',
        // What `kubectl apply` leaves behind: the full data, in an annotation a metadata list still sends.
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'picker-secret', namespace: ns },
            data: { password: Buffer.from(SECRET_VALUE).toString('base64') },
          }),
        },
      },
      stringData: { password: SECRET_VALUE },
    },
  });
  // A bare API server has no kubelet to register Nodes; a minimal Node object is enough to bind to.
  const node = await admin.core.createNode({ body: { metadata: { name: nodeName } } });
  uids.pod = pod.metadata?.uid ?? '';
  uids.secret = secret.metadata?.uid ?? '';
  uids.node = node.metadata?.uid ?? '';
  await Promise.all(
    Array.from({ length: 201 }, (_, i) =>
      admin.core.createNamespacedSecret({
        namespace: manyNs,
        body: { metadata: { name: `s-${String(i).padStart(3, '0')}` } },
      }),
    ),
  );
});

afterAll(async () => {
  delete process.env.TOKENSCOPE_MODE;
  const admin = dashboardClients();
  await admin.core.deleteNode({ name: nodeName });
  for (const name of [ns, emptyNs, manyNs]) await admin.core.deleteNamespace({ name });
});

describe('GET /api/namespaces/{ns}/bound-objects', () => {
  it('lists the namespace’s Pods with their real UIDs and the ServiceAccount they run as', async () => {
    const r = await list('Pod');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toEqual({
      items: [
        expect.objectContaining({
          kind: 'Pod',
          name: 'picker-pod',
          uid: uids.pod,
          namespace: ns,
          serviceAccount: sa,
        }),
      ],
      truncated: false,
    });
    expect(r.body.items[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('lists Secrets by metadata only: the response carries no data', async () => {
    const r = await list('Secret');
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      {
        kind: 'Secret',
        name: 'picker-secret',
        uid: uids.secret,
        namespace: ns,
        createdAt: expect.any(String),
      },
    ]);
    expect(r.text).not.toContain(SECRET_VALUE);
    expect(r.text).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
    expect(r.text).not.toMatch(/"data"|"stringData"|password/);
  });

  it('asks the API server for metadata only: it answers a PartialObjectMetadataList without data', async () => {
    for (const [kind, namespace] of [
      ['Secret', ns],
      ['Node', emptyNs],
    ] as const) {
      const r = await listByMetadata(dashboardClients(), namespace, kind);
      expect(r.listKind).toBe('PartialObjectMetadataList');
      expect(r.extraFields).toEqual([]);
      expect(r.list.items.length).toBeGreaterThan(0);
    }
  });

  it('lists Nodes cluster-wide, whatever the namespace in the path', async () => {
    const r = await list('Node', emptyNs);
    expect(r.status).toBe(200);
    const node = r.body.items.find((n) => n.name === nodeName);
    expect(node).toEqual({ kind: 'Node', name: nodeName, uid: uids.node, createdAt: expect.any(String) });
  });

  it('answers an empty list for a namespace without any', async () => {
    for (const kind of ['Pod', 'Secret']) {
      const r = await list(kind, emptyNs);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ items: [], truncated: false });
    }
  });

  it('stops at 200 and says the list is truncated', async () => {
    const r = await list('Secret', manyNs);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(200);
    expect(r.body.truncated).toBe(true);
  });

  it('refuses an unknown kind or a bad namespace before calling the cluster', async () => {
    for (const [kind, namespace] of [
      ['ConfigMap', ns],
      ['', ns],
      ['Pod', 'Not_Valid'],
    ] as const) {
      const r = await list(kind, namespace);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('invalid:request');
    }
  });

  it('acts as the signed-in caller: one without list permission gets 403 naming the permission', async () => {
    const admin = dashboardClients();
    const callerToken = (
      await requestToken(admin, { namespace: ns, serviceAccount: sa, expirationSeconds: 600 })
    ).token;
    process.env.TOKENSCOPE_MODE = 'shared';
    try {
      const caller = new RouteClient();
      expect((await caller.call(session.POST, { method: 'POST', body: { token: callerToken } })).status).toBe(
        200,
      );
      const secrets = await list('Secret', ns, caller);
      expect(secrets.status).toBe(403);
      expect(secrets.headers.get('content-type')).toBe('application/problem+json');
      expect(secrets.body.code).toBe('forbidden:kube');
      expect(secrets.body.detail).toContain(
        `"system:serviceaccount:${ns}:${sa}" cannot list resource "secrets"`,
      );
      expect(secrets.body.hints).toEqual([
        expect.stringContaining(`list verb on secrets in namespace ${ns}`),
      ]);
      const nodes = await list('Node', ns, caller);
      expect(nodes.status).toBe(403);
      expect(nodes.body.hints?.[0]).toContain('list verb on nodes cluster-wide');
    } finally {
      delete process.env.TOKENSCOPE_MODE;
    }
  });
});

describe('minting with a picked object', () => {
  it('binds to the picked Secret, Pod and Node: the kubernetes.io claim names that object', async () => {
    const picked = {
      secret: (await list('Secret')).body.items[0],
      pod: (await list('Pod')).body.items[0],
      node: (await list('Node')).body.items.find((n) => n.name === nodeName),
    };
    for (const [claim, c] of Object.entries(picked)) {
      expect(c).toBeDefined();
      if (!c) continue;
      const r = await mint({ kind: c.kind, name: c.name, uid: c.uid });
      expect(r.status).toBe(201);
      expect(r.body.boundObject).toEqual({ kind: c.kind, name: c.name, uid: c.uid });
      const k8s = r.body.claims['kubernetes.io'] as Record<string, { name: string; uid: string }>;
      expect(k8s[claim]).toEqual({ name: c.name, uid: c.uid });
    }
  });

  it('surfaces the API server’s refusal of a wrong UID', async () => {
    const r = await mint({
      kind: 'Secret',
      name: 'picker-secret',
      uid: '00000000-0000-0000-0000-000000000000',
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('conflict:kube');
    expect(r.body.detail).toContain('does not match the UID in record');
  });

  it('binds a typed name without a UID to whichever object has that name', async () => {
    const r = await mint({ kind: 'Secret', name: 'picker-secret' });
    expect(r.status).toBe(201);
    expect(r.body.boundObject).toEqual({ kind: 'Secret', name: 'picker-secret', uid: uids.secret });
  });

  it('records the dashboard identity’s username as the minter in local mode', async () => {
    const me = await selfSubjectReview(dashboardClients());
    expect(me.username).not.toBe('');
    const r = await mint({ kind: 'Secret', name: 'picker-secret', uid: uids.secret });
    expect(r.body.mintedBy).toEqual({ kind: 'dashboard', subject: me.username });
  });
});
