// While the live watches cover every RBAC kind, a snapshot is reused until a watch sees a change;
// after the change the next snapshot has it. Without the watches nothing is reused when freshness is asked.
import { afterAll, expect, it } from 'vitest';
import { dashboardClients } from '@/lib/kube/clients';
import { rbacSnapshot } from '@/lib/kube/rbac';
import { rbacWatchVersion } from '@/lib/kube/rbac-freshness';
import { liveHub } from '@/lib/live/hub';

let unsubscribe = () => {};
afterAll(() => unsubscribe());

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('reuses a snapshot while the watches vouch for it, and takes a new one after a change', async () => {
  const clients = dashboardClients();
  const unwatched = await rbacSnapshot(clients, { fresh: true });
  expect(await rbacSnapshot(clients, { fresh: true })).not.toBe(unwatched);

  unsubscribe = liveHub().subscribe(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], () => {});
  await until(() => rbacWatchVersion() !== undefined);
  const first = await rbacSnapshot(clients, { fresh: true });
  expect(await rbacSnapshot(clients, { fresh: true })).toBe(first);

  const name = `cache-${Date.now().toString(36)}`;
  const before = rbacWatchVersion();
  await clients.rbac.createNamespacedRoleBinding({
    namespace: 'default',
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
    },
  });
  await until(() => rbacWatchVersion() !== before);
  const after = await rbacSnapshot(clients, { fresh: true });
  expect(after).not.toBe(first);
  expect(after.objects.roleBindings.some((b) => b.name === name)).toBe(true);
  await clients.rbac.deleteNamespacedRoleBinding({ name, namespace: 'default' });
});
