import { describe, expect, it } from 'vitest';
import { findHygiene } from './hygiene';
import { buildRbacIndex } from './rbac-index';
import type { Binding, Role } from './types';

const role: Role = {
  kind: 'Role',
  name: 'r',
  namespace: 'app',
  rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
};
const view: Role = { kind: 'ClusterRole', name: 'view', rules: [] };
const b = (
  name: string,
  ns: string | undefined,
  roleRef: Binding['roleRef'],
  subjects: Binding['subjects'],
): Binding =>
  ns === undefined
    ? { kind: 'ClusterRoleBinding', name, roleRef, subjects }
    : { kind: 'RoleBinding', name, namespace: ns, roleRef, subjects };

const index = buildRbacIndex({
  roles: [role],
  clusterRoles: [view],
  roleBindings: [
    b('ok', 'app', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'worker' }]),
    b('no-role', 'app', { kind: 'Role', name: 'missing' }, [{ kind: 'ServiceAccount', name: 'worker' }]),
    // Near miss: a Role of the same name in another namespace does not resolve.
    b('other-ns-role', 'web', { kind: 'Role', name: 'r' }, []),
    b('ghost', 'app', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'ghost' }]),
    b('by-username', 'app', { kind: 'ClusterRole', name: 'view' }, [
      { kind: 'User', name: 'system:serviceaccount:app:named-as-user' },
    ]),
  ],
  clusterRoleBindings: [
    b('groups', undefined, { kind: 'ClusterRole', name: 'view' }, [
      { kind: 'Group', name: 'system:serviceaccounts' },
    ]),
    b('no-ns', undefined, { kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'x' }]),
    b('cross', undefined, { kind: 'ClusterRole', name: 'view' }, [
      { kind: 'ServiceAccount', name: 'bound', namespace: 'web' },
    ]),
  ],
});

const sas = [
  { namespace: 'app', name: 'worker' },
  { namespace: 'app', name: 'default' },
  { namespace: 'app', name: 'idle' },
  { namespace: 'app', name: 'runs-pods' },
  { namespace: 'app', name: 'named-as-user' },
  { namespace: 'web', name: 'bound' },
  { namespace: 'web', name: 'idle' },
];
const pods = new Map([
  ['app/runs-pods', 2],
  ['web/idle', 0],
]);

describe('findHygiene', () => {
  const h = findHygiene(index, sas, pods);
  const dangling = Object.fromEntries(h.dangling.map((d) => [d.name, d.reasons]));

  it('reports a binding whose role is missing, including a same-named Role in another namespace', () => {
    expect(dangling['no-role']).toEqual(['Role app/missing does not exist']);
    expect(dangling['other-ns-role']).toEqual(['Role web/r does not exist']);
  });
  it('reports a ServiceAccount subject that does not exist, and one without a namespace', () => {
    expect(dangling.ghost).toEqual(['ServiceAccount app/ghost does not exist']);
    expect(dangling['no-ns']?.[0]).toContain('has no namespace');
    expect(h.missingSubjects.get('RoleBinding:app/ghost')).toEqual([
      'ServiceAccount app/ghost does not exist',
    ]);
  });
  it('does not report bindings whose role and ServiceAccounts exist, or Users and Groups', () => {
    expect(dangling.ok).toBeUndefined();
    expect(dangling.cross).toBeUndefined();
    expect(dangling.groups).toBeUndefined();
    expect(dangling['by-username']).toBeUndefined();
  });
  it('lists ServiceAccounts no binding names and no pod runs as, never default', () => {
    expect(h.unusedServiceAccounts).toEqual([
      { namespace: 'app', name: 'idle' },
      { namespace: 'web', name: 'idle' },
    ]);
  });
  it('does not guess when ServiceAccounts or pods could not be read', () => {
    const noSas = findHygiene(index, undefined, pods);
    expect(noSas.unusedServiceAccounts).toBeUndefined();
    expect(noSas.dangling.map((d) => d.name)).toEqual(['no-ns', 'no-role', 'other-ns-role']);
    expect(findHygiene(index, sas, undefined).unusedServiceAccounts).toBeUndefined();
  });
});
