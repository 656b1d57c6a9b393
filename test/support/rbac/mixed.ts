import { ALL_SERVICE_ACCOUNTS_GROUP, AUTHENTICATED_GROUP, serviceAccountUser } from '@/lib/rbac/identity';
import type { Binding, Subject, UserInfo } from '@/lib/rbac/types';
import type { World } from './generate';

// Bindings that name an account and a shared group together, in both orders, so the merge of an
// account's own bindings into the cached shared part is exercised on every world.
export function withMixedBindings(world: World): World {
  const sas = world.serviceAccounts;
  const extra: Binding[] = sas.slice(0, 12).flatMap((sa, i): Binding[] => {
    const cr = world.clusterRoles[i % world.clusterRoles.length]?.name ?? 'none';
    const saSubj: Subject = { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace };
    const group: Subject = {
      kind: 'Group',
      name: i % 2 ? AUTHENTICATED_GROUP : ALL_SERVICE_ACCOUNTS_GROUP,
    };
    return [
      {
        kind: 'RoleBinding',
        name: `mixed-${i}`,
        namespace: sa.namespace,
        roleRef: { kind: 'ClusterRole', name: cr },
        subjects: i % 3 ? [group, saSubj] : [saSubj, group],
      },
      {
        kind: 'ClusterRoleBinding',
        name: `mixed-${i}`,
        roleRef: { kind: 'ClusterRole', name: cr },
        subjects: i % 2 ? [group, saSubj] : [saSubj],
      },
    ];
  });
  return {
    ...world,
    roleBindings: [...world.roleBindings, ...extra.filter((b) => b.kind === 'RoleBinding')],
    clusterRoleBindings: [
      ...world.clusterRoleBindings,
      ...extra.filter((b) => b.kind === 'ClusterRoleBinding'),
    ],
  };
}

/** Every account of the world, its users and a user with no bindings. */
export const usersOf = (world: World): UserInfo[] => [
  ...world.serviceAccounts.map((sa) => serviceAccountUser(sa.namespace, sa.name)),
  ...world.users,
  { username: 'nobody', groups: [] },
];
