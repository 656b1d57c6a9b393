// Test support: puts a generated RBAC world into the real local cluster with the admin clients,
// waits until the API server's authorizer sees all of it, and removes it again.
import { expect } from 'vitest';
import type { KubeClients } from '@/lib/kube/clients';
import { listRbacObjects } from '@/lib/kube/rbac';
import { subjectAccessReview } from '@/lib/kube/reviews';
import { aggregatedRules, rulesEqual } from '@/lib/rbac/aggregate';
import type { World } from '@/test/support/rbac/generate';
import type { Binding, RbacObjects, Role } from '@/lib/rbac/types';
import { mapLimit } from '@/lib/kube/serviceaccounts';

export const WORLD_LABEL = 'tokenscope.test/world';

export { mapLimit };

function labels(world: World, extra?: Record<string, string>): Record<string, string> {
  return { [WORLD_LABEL]: world.prefix.replace(/-$/, ''), ...extra };
}

async function createRole(admin: KubeClients, world: World, role: Role): Promise<void> {
  const metadata = { name: role.name, labels: labels(world, role.labels) };
  if (role.kind === 'Role') {
    await admin.rbac.createNamespacedRole({
      namespace: role.namespace ?? '',
      body: { metadata: { ...metadata, namespace: role.namespace }, rules: role.rules },
    });
    return;
  }
  // Aggregated ClusterRoles are created empty: the clusterrole-aggregation controller fills them.
  await admin.rbac.createClusterRole({
    body: role.aggregationRule
      ? { metadata, aggregationRule: role.aggregationRule, rules: [] }
      : { metadata, rules: role.rules },
  });
}

async function createBinding(admin: KubeClients, world: World, b: Binding): Promise<void> {
  const body = {
    metadata: { name: b.name, labels: labels(world) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: b.roleRef.kind, name: b.roleRef.name },
    subjects: b.subjects,
  };
  if (b.kind === 'RoleBinding') {
    await admin.rbac.createNamespacedRoleBinding({ namespace: b.namespace ?? '', body });
  } else {
    await admin.rbac.createClusterRoleBinding({ body });
  }
}

/** Creates the world's namespaces, ServiceAccounts, roles and bindings, about 8 calls at a time. */
export async function applyWorld(admin: KubeClients, world: World): Promise<number> {
  await mapLimit(world.namespaces, 8, (name) =>
    admin.core.createNamespace({ body: { metadata: { name, labels: labels(world) } } }),
  );
  // Every namespace gets "default" from the serviceaccount controller.
  const accounts = world.serviceAccounts.filter((sa) => sa.name !== 'default');
  await mapLimit(accounts, 8, (sa) =>
    admin.core.createNamespacedServiceAccount({
      namespace: sa.namespace,
      body: { metadata: { name: sa.name, labels: labels(world) } },
    }),
  );
  // Sources before aggregates, so the controller's first pass already sees every source role.
  const plain = world.clusterRoles.filter((r) => !r.aggregationRule);
  const aggregates = world.clusterRoles.filter((r) => r.aggregationRule);
  for (const batch of [world.roles, plain, aggregates])
    await mapLimit(batch, 8, (r) => createRole(admin, world, r));
  const bindings = [...world.clusterRoleBindings, ...world.roleBindings];
  await mapLimit(bindings, 8, (b) => createBinding(admin, world, b));
  return (
    world.namespaces.length +
    accounts.length +
    world.roles.length +
    world.clusterRoles.length +
    bindings.length
  );
}

/** Reports whether every aggregated ClusterRole holds what the controller would write from its sources. */
export function aggregationSettled(objects: RbacObjects): boolean {
  return objects.clusterRoles
    .filter((r) => r.aggregationRule)
    .every((role) => {
      const want = aggregatedRules(role, objects.clusterRoles);
      return (
        want.length === role.rules.length &&
        want.every((rule, i) => rulesEqual(rule, role.rules[i] ?? { verbs: [] }))
      );
    });
}

async function poll(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until the aggregation controller has settled and the authorizer's informers have caught up:
 * sentinel objects of all four kinds are created last, and the API server must grant through them.
 */
export async function waitForAuthorizer(admin: KubeClients, world: World): Promise<void> {
  await poll('ClusterRole aggregation', async () => aggregationSettled(await listRbacObjects(admin)));
  const namespace = world.namespaces[0] ?? 'default';
  const name = `${world.prefix}sentinel`;
  const user = { username: `${world.prefix}sentinel-user`, groups: ['system:authenticated'] };
  const rule = { verbs: ['get'], apiGroups: ['tokenscope.test'], resources: ['sentinels'] };
  const subject = { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user.username };
  await admin.rbac.createNamespacedRole({
    namespace,
    body: { metadata: { name, labels: labels(world) }, rules: [rule] },
  });
  await admin.rbac.createClusterRole({
    body: { metadata: { name, labels: labels(world) }, rules: [{ ...rule, verbs: ['list'] }] },
  });
  await admin.rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name, labels: labels(world) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [subject],
    },
  });
  await admin.rbac.createClusterRoleBinding({
    body: {
      metadata: { name, labels: labels(world) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [subject],
    },
  });
  const base = { group: 'tokenscope.test', resource: 'sentinels' };
  await poll('the authorizer to see the sentinels', async () => {
    const [local, cluster] = await Promise.all([
      subjectAccessReview(admin, user, { ...base, verb: 'get', namespace }),
      subjectAccessReview(admin, user, { ...base, verb: 'list' }),
    ]);
    return local.allowed && cluster.allowed;
  });
  // Settle once more: the controller may have rewritten an aggregate from a lagging cache.
  await poll('ClusterRole aggregation (second look)', async () =>
    aggregationSettled(await listRbacObjects(admin)),
  );
}

/** Deletes everything the world created, RoleBindings first so no namespace in deletion still grants. */
export async function removeWorld(admin: KubeClients, world: World): Promise<void> {
  const labelSelector = `${WORLD_LABEL}=${world.prefix.replace(/-$/, '')}`;
  await admin.rbac.deleteCollectionClusterRoleBinding({ labelSelector });
  await admin.rbac.deleteCollectionClusterRole({ labelSelector });
  await mapLimit(world.namespaces, 8, async (namespace) => {
    await admin.rbac.deleteCollectionNamespacedRoleBinding({ namespace, labelSelector });
    await admin.rbac.deleteCollectionNamespacedRole({ namespace, labelSelector });
    await admin.core.deleteNamespace({ name: namespace });
  });
  expect((await admin.rbac.listClusterRoleBinding({ labelSelector })).items).toHaveLength(0);
  expect((await admin.rbac.listRoleBindingForAllNamespaces({ labelSelector })).items).toHaveLength(0);
}
