import { describe, expect, it } from 'vitest';
import { allGrants, authorize } from './decide';
import { serviceAccountUser } from './identity';
import { clusterRole, clusterRoleBinding, indexOf, role, roleBinding } from '@/test/support/rbac/fixtures';
import type { PolicyRule, ResourceAttributes, Subject } from './types';

const cr = clusterRole;
const rb = roleBinding;
const crb = clusterRoleBinding;
const world = indexOf;

const readPods: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
const podReader = cr('pod-reader', [readPods]);
const builder = serviceAccountUser('a', 'builder');
const builderSubject: Subject = { kind: 'ServiceAccount', name: 'builder', namespace: 'a' };
const getPod = (namespace: string): ResourceAttributes => ({
  verb: 'get',
  group: '',
  resource: 'pods',
  namespace,
  name: 'p',
});

describe('RoleBinding scoping', () => {
  const index = world({
    clusterRoles: [podReader],
    roleBindings: [rb('a', 'read', { kind: 'ClusterRole', name: 'pod-reader' }, [builderSubject])],
  });

  it('grants a referenced ClusterRole only inside the binding namespace', () => {
    expect(authorize(index, builder, getPod('a')).allowed).toBe(true);
    expect(authorize(index, builder, getPod('b')).allowed).toBe(false);
  });

  it('does not grant cluster-scoped or all-namespace requests', () => {
    expect(authorize(index, builder, getPod('')).allowed).toBe(false);
    expect(authorize(index, builder, { verb: 'list', group: '', resource: 'pods' }).allowed).toBe(false);
  });

  it('reports the grant like upstream does', () => {
    expect(authorize(index, builder, getPod('a')).grantedBy).toEqual({
      binding: { kind: 'RoleBinding', name: 'read', namespace: 'a' },
      role: { kind: 'ClusterRole', name: 'pod-reader' },
      subject: builderSubject,
      rule: readPods,
    });
  });

  it('resolves a Role in the binding namespace, not another namespace', () => {
    const idx = world({
      roles: [role('b', 'reader', [readPods])],
      roleBindings: [rb('a', 'r', { kind: 'Role', name: 'reader' }, [builderSubject])],
    });
    expect(authorize(idx, builder, getPod('a')).allowed).toBe(false);
    const idx2 = world({
      roles: [role('a', 'reader', [readPods])],
      roleBindings: [rb('a', 'r', { kind: 'Role', name: 'reader' }, [builderSubject])],
    });
    expect(authorize(idx2, builder, getPod('a')).allowed).toBe(true);
  });
});

describe('ClusterRoleBinding', () => {
  const index = world({
    clusterRoles: [podReader, cr('health', [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/logs/*'] }])],
    clusterRoleBindings: [
      crb('read', { kind: 'ClusterRole', name: 'pod-reader' }, [builderSubject]),
      crb('health', { kind: 'ClusterRole', name: 'health' }, [
        { kind: 'Group', name: 'system:authenticated' },
      ]),
    ],
  });

  it('covers namespaced requests in every namespace and cluster-wide', () => {
    for (const ns of ['a', 'b', '']) expect(authorize(index, builder, getPod(ns)).allowed).toBe(true);
  });

  it('grants nonResourceURLs, including trailing-star prefixes', () => {
    expect(authorize(index, builder, { verb: 'get', path: '/healthz' }).allowed).toBe(true);
    expect(authorize(index, builder, { verb: 'get', path: '/logs/kube.log' }).allowed).toBe(true);
    expect(authorize(index, builder, { verb: 'post', path: '/healthz' }).allowed).toBe(false);
    expect(authorize(index, builder, { verb: 'get', path: '/metrics' }).allowed).toBe(false);
  });

  it('ignores a referenced Role, which cannot be resolved without a namespace', () => {
    const idx = world({
      roles: [role('a', 'reader', [readPods])],
      clusterRoleBindings: [crb('odd', { kind: 'Role', name: 'reader' }, [builderSubject])],
    });
    expect(authorize(idx, builder, getPod('a')).allowed).toBe(false);
  });

  it('never matches a ServiceAccount subject without namespace', () => {
    const idx = world({
      clusterRoles: [podReader],
      clusterRoleBindings: [
        crb('bare', { kind: 'ClusterRole', name: 'pod-reader' }, [
          { kind: 'ServiceAccount', name: 'builder' },
        ]),
      ],
    });
    expect(authorize(idx, builder, getPod('a')).allowed).toBe(false);
  });
});

describe('non-resource URLs through RoleBindings', () => {
  it('are never granted, because non-resource requests have no namespace', () => {
    const idx = world({
      clusterRoles: [cr('health', [{ verbs: ['*'], nonResourceURLs: ['*'] }])],
      roleBindings: [rb('a', 'h', { kind: 'ClusterRole', name: 'health' }, [builderSubject])],
    });
    expect(authorize(idx, builder, { verb: 'get', path: '/healthz' }).allowed).toBe(false);
  });
});

describe('subjects', () => {
  const index = world({
    clusterRoles: [podReader],
    roleBindings: [
      rb('a', 'sas', { kind: 'ClusterRole', name: 'pod-reader' }, [
        { kind: 'Group', name: 'system:serviceaccounts:a' },
      ]),
      rb('b', 'bare', { kind: 'ClusterRole', name: 'pod-reader' }, [
        { kind: 'ServiceAccount', name: 'builder' },
      ]),
      rb('c', 'alice', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'User', name: 'alice' }]),
    ],
  });

  it('grants through group membership', () => {
    expect(authorize(index, builder, getPod('a')).allowed).toBe(true);
    expect(authorize(index, serviceAccountUser('x', 'builder'), getPod('a')).allowed).toBe(false);
  });

  it('defaults a bare ServiceAccount subject to the binding namespace', () => {
    expect(authorize(index, serviceAccountUser('b', 'builder'), getPod('b')).allowed).toBe(true);
    expect(authorize(index, builder, getPod('b')).allowed).toBe(false);
  });

  it('grants User subjects by exact username only', () => {
    expect(authorize(index, { username: 'alice', groups: [] }, getPod('c')).allowed).toBe(true);
    expect(authorize(index, { username: 'Alice', groups: ['alice'] }, getPod('c')).allowed).toBe(false);
  });
});

describe('missing roles and ordering', () => {
  const index = world({
    clusterRoles: [podReader, cr('all', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }])],
    roles: [role('a', 'local', [readPods])],
    clusterRoleBindings: [
      crb('gone', { kind: 'ClusterRole', name: 'does-not-exist' }, [builderSubject]),
      crb('z-all', { kind: 'ClusterRole', name: 'all' }, [builderSubject]),
    ],
    roleBindings: [
      rb('a', 'local', { kind: 'Role', name: 'local' }, [builderSubject]),
      rb('a', 'missing', { kind: 'Role', name: 'nope' }, [builderSubject]),
    ],
  });

  it('skips a binding whose role is missing and keeps evaluating', () => {
    expect(authorize(index, builder, getPod('a')).grantedBy?.binding.name).toBe('z-all');
  });

  it('grants nothing through a missing role alone', () => {
    const idx = world({
      clusterRoleBindings: [crb('gone', { kind: 'ClusterRole', name: 'x' }, [builderSubject])],
    });
    expect(authorize(idx, builder, getPod('a'))).toEqual({ allowed: false });
  });

  it('lists ClusterRoleBinding grants before RoleBinding grants', () => {
    expect(allGrants(index, builder, getPod('a')).map((g) => g.binding.name)).toEqual(['z-all', 'local']);
  });
});
