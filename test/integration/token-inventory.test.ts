// The long-lived token inventory against the real API server: legacy token Secrets with the labels
// the API server and the cleaner write, the pods that reference them, and pods whose token the
// ServiceAccount admission plugin mounted unasked; read as the caller, with a plain sentence (not
// an error) for what the caller may not list, and never a Secret's contents.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsForToken, dashboardClients } from '@/lib/kube/clients';
import { readTokenInventory } from '@/lib/kube/token-inventory';
import { requestToken } from '@/lib/kube/tokens';

const suffix = randomBytes(3).toString('hex');
const ns = `inventory-${suffix}`;
const SECRET_VALUE = 'legacy-token-do-not-leak';
const container = { name: 'app', image: 'registry.invalid/app:1' };

beforeAll(async () => {
  const admin = dashboardClients();
  await admin.core.createNamespace({ body: { metadata: { name: ns } } });
  for (const name of ['legacy-user', 'quiet', 'no-mount', 'reader']) {
    await admin.core.createNamespacedServiceAccount({
      namespace: ns,
      body: { metadata: { name }, ...(name === 'no-mount' ? { automountServiceAccountToken: false } : {}) },
    });
  }
  const legacy = (name: string, labels: Record<string, string>) =>
    admin.core.createNamespacedSecret({
      namespace: ns,
      body: {
        metadata: { name, annotations: { 'kubernetes.io/service-account.name': 'legacy-user' }, labels },
        type: 'kubernetes.io/service-account-token',
        data: { token: Buffer.from(SECRET_VALUE).toString('base64') },
      },
    });
  await legacy('used-token', { 'kubernetes.io/legacy-token-last-used': '2026-11-30' });
  await legacy('dead-token', { 'kubernetes.io/legacy-token-invalid-since': '2026-02-01' });
  // A pod that mounts the used token as a volume and reads the dead one from env.
  await admin.core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'mounts-legacy' },
      spec: {
        serviceAccountName: 'legacy-user',
        automountServiceAccountToken: false,
        volumes: [{ name: 'tok', secret: { secretName: 'used-token' } }],
        containers: [
          {
            ...container,
            volumeMounts: [{ name: 'tok', mountPath: '/var/run/legacy' }],
            env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'dead-token', key: 'token' } } }],
          },
        ],
      },
    },
  });
  // Gets a kube-api-access-* volume from the admission plugin: nobody asked.
  await admin.core.createNamespacedPod({
    namespace: ns,
    body: { metadata: { name: 'quiet-1' }, spec: { serviceAccountName: 'quiet', containers: [container] } },
  });
  // Its ServiceAccount says no: no volume, no finding.
  await admin.core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'no-mount-1' },
      spec: { serviceAccountName: 'no-mount', containers: [container] },
    },
  });
  // reader may list pods and ServiceAccounts everywhere, not Secrets.
  await admin.rbac.createClusterRole({
    body: {
      metadata: { name: `inventory-reader-${suffix}` },
      rules: [{ apiGroups: [''], resources: ['pods', 'serviceaccounts'], verbs: ['list'] }],
    },
  });
  await admin.rbac.createClusterRoleBinding({
    body: {
      metadata: { name: `inventory-reader-${suffix}` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: `inventory-reader-${suffix}`,
      },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }],
    },
  });
});

afterAll(async () => {
  const admin = dashboardClients();
  await admin.core.deleteNamespace({ name: ns }).catch(() => undefined);
  await admin.rbac.deleteClusterRoleBinding({ name: `inventory-reader-${suffix}` }).catch(() => undefined);
  await admin.rbac.deleteClusterRole({ name: `inventory-reader-${suffix}` }).catch(() => undefined);
});

describe('readTokenInventory', () => {
  it('lists legacy token Secrets with their state and the pods that reference them', async () => {
    const inventory = await readTokenInventory(dashboardClients());
    const mine = inventory.legacy.filter((f) => f.secret.namespace === ns);
    expect(mine.map((f) => [f.secret.name, f.state])).toEqual([
      ['used-token', 'used'],
      ['dead-token', 'invalidated'],
    ]);
    const [used, dead] = mine;
    expect(used?.secret.serviceAccount).toBe('legacy-user');
    expect(used?.pods).toEqual([
      {
        namespace: ns,
        pod: 'mounts-legacy',
        serviceAccount: 'legacy-user',
        secret: 'used-token',
        uses: ['volume'],
      },
    ]);
    expect(dead?.pods.map((p) => [p.pod, p.uses])).toEqual([['mounts-legacy', ['env']]]);
    expect(used?.commands[0]).toBe(`kubectl create token legacy-user --namespace ${ns} --duration 1h`);
    expect(inventory.unreadable).toEqual([]);
    // The Secret's contents are read by the list (RBAC cannot grant metadata alone) but never kept.
    expect(JSON.stringify(inventory)).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(inventory)).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
  });

  it('lists the accounts whose pods got a token mounted unasked, and only those', async () => {
    const inventory = await readTokenInventory(dashboardClients());
    const mine = inventory.automounted.filter((a) => a.namespace === ns);
    expect(mine).toEqual([
      { namespace: ns, serviceAccount: 'quiet', pods: [{ name: 'quiet-1', decidedBy: 'default' }] },
    ]);
  });

  it('says, without failing, what a caller who may not list Secrets does not see', async () => {
    const { token } = await requestToken(dashboardClients(), {
      namespace: ns,
      serviceAccount: 'reader',
      expirationSeconds: 600,
    });
    const inventory = await readTokenInventory(clientsForToken(token));
    expect(inventory.legacy).toEqual([]);
    expect(inventory.unreadable).toHaveLength(1);
    expect(inventory.unreadable[0]).toMatch(
      /Legacy token Secrets are not shown: listing Secrets is forbidden .*403/,
    );
    // Pods are listed with the caller's own right.
    expect(inventory.automounted.some((a) => a.namespace === ns && a.serviceAccount === 'quiet')).toBe(true);
  });
});
