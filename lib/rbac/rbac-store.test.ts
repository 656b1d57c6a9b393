import { describe, expect, it } from 'vitest';
import { authorize } from './decide';
import { clusterRole, roleBinding, saSubject } from '@/test/support/rbac/fixtures';
import { serviceAccountUser } from './identity';
import { subjectBucketCount } from './rbac-index';
import {
  applyRbacChange,
  compareResourceVersions,
  emptyRbacStore,
  rbacObjectsOf,
  replaceRbacKind,
} from './rbac-store';

const user = serviceAccountUser('a', 'sa');
const getPods = { verb: 'get', group: '', resource: 'pods', namespace: 'a' };
const reader = clusterRole('reader', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
const ref = { kind: 'ClusterRole', name: 'reader' } as const;
const bound = roleBinding('a', 'read', ref, [saSubject('sa')]);
const unbound = roleBinding('a', 'read', ref, [saSubject('other')]);

describe('compareResourceVersions', () => {
  it('orders decimal revisions numerically and gives up on anything else', () => {
    expect(compareResourceVersions('9', '10')).toBeLessThan(0);
    expect(compareResourceVersions('010', '10')).toBe(0);
    expect(compareResourceVersions('123456789012345678901', '99')).toBeGreaterThan(0);
    expect(compareResourceVersions('abc', '10')).toBeUndefined();
    expect(compareResourceVersions(undefined, '10')).toBeUndefined();
  });
});

describe('applyRbacChange', () => {
  it('patches one binding and ignores an event older than what it holds', () => {
    const store = emptyRbacStore();
    applyRbacChange(store, { type: 'ADDED', object: reader, version: { uid: 'r', resourceVersion: '5' } });
    applyRbacChange(store, { type: 'ADDED', object: bound, version: { uid: 'b', resourceVersion: '10' } });
    expect(authorize(store.index, user, getPods).allowed).toBe(true);
    expect(
      applyRbacChange(store, {
        type: 'MODIFIED',
        object: unbound,
        version: { uid: 'b', resourceVersion: '9' },
      }),
    ).toBe(false);
    expect(authorize(store.index, user, getPods).allowed).toBe(true);
    expect(
      applyRbacChange(store, {
        type: 'MODIFIED',
        object: unbound,
        version: { uid: 'b', resourceVersion: '11' },
      }),
    ).toBe(true);
    expect(authorize(store.index, user, getPods).allowed).toBe(false);
  });

  it('ignores the deletion of an older incarnation, but not one carrying the last seen version', () => {
    const store = emptyRbacStore();
    const binding = { kind: 'RoleBinding', namespace: 'a', name: 'read' } as const;
    applyRbacChange(store, { type: 'ADDED', object: reader, version: { resourceVersion: '1' } });
    applyRbacChange(store, { type: 'ADDED', object: bound, version: { uid: 'new', resourceVersion: '20' } });
    expect(
      applyRbacChange(store, {
        type: 'DELETED',
        ref: binding,
        version: { uid: 'old', resourceVersion: '15' },
      }),
    ).toBe(false);
    expect(
      applyRbacChange(store, {
        type: 'DELETED',
        ref: binding,
        version: { uid: 'old', resourceVersion: 'x' },
      }),
    ).toBe(false);
    expect(authorize(store.index, user, getPods).allowed).toBe(true);
    expect(
      applyRbacChange(store, { type: 'DELETED', ref: binding, version: { resourceVersion: '20' } }),
    ).toBe(true);
    expect(authorize(store.index, user, getPods).allowed).toBe(false);
    expect(subjectBucketCount(store.index)).toBe(0);
  });

  it('follows a Role rules change without touching the bindings', () => {
    const store = emptyRbacStore();
    applyRbacChange(store, { type: 'ADDED', object: bound, version: { resourceVersion: '1' } });
    expect(authorize(store.index, user, getPods).allowed).toBe(false);
    applyRbacChange(store, { type: 'ADDED', object: reader, version: { resourceVersion: '2' } });
    const entry = store.index.bindings.get('rb/a/read');
    expect(authorize(store.index, user, getPods).allowed).toBe(true);
    applyRbacChange(store, {
      type: 'MODIFIED',
      object: clusterRole('reader', []),
      version: { resourceVersion: '3' },
    });
    expect(authorize(store.index, user, getPods).allowed).toBe(false);
    expect(store.index.bindings.get('rb/a/read')).toBe(entry);
  });
});

describe('replaceRbacKind', () => {
  it('replaces one kind with a list, removing what the list lacks and leaving other kinds alone', () => {
    const store = emptyRbacStore();
    applyRbacChange(store, { type: 'ADDED', object: reader, version: { resourceVersion: '1' } });
    applyRbacChange(store, { type: 'ADDED', object: bound, version: { resourceVersion: '2' } });
    const other = roleBinding('a', 'other', ref, [saSubject('x')]);
    expect(
      replaceRbacKind(store, 'RoleBinding', [{ object: other, version: { resourceVersion: '3' } }]),
    ).toBe(2);
    expect(rbacObjectsOf(store.index)).toEqual({
      roles: [],
      clusterRoles: [reader],
      roleBindings: [other],
      clusterRoleBindings: [],
    });
  });

  it('takes a list as the truth even when its versions are lower (an etcd wiped and started again)', () => {
    const store = emptyRbacStore();
    applyRbacChange(store, { type: 'ADDED', object: reader, version: { resourceVersion: '1' } });
    applyRbacChange(store, { type: 'ADDED', object: bound, version: { uid: 'old', resourceVersion: '900' } });
    expect(authorize(store.index, user, getPods).allowed).toBe(true);
    expect(
      replaceRbacKind(store, 'RoleBinding', [
        { object: unbound, version: { uid: 'new', resourceVersion: '7' } },
      ]),
    ).toBe(1);
    expect(authorize(store.index, user, getPods).allowed).toBe(false);
    // The same list again changes nothing; later watch events are ordered against the list's versions.
    expect(
      replaceRbacKind(store, 'RoleBinding', [
        { object: unbound, version: { uid: 'new', resourceVersion: '7' } },
      ]),
    ).toBe(0);
    expect(
      applyRbacChange(store, {
        type: 'MODIFIED',
        object: bound,
        version: { uid: 'new', resourceVersion: '8' },
      }),
    ).toBe(true);
    expect(authorize(store.index, user, getPods).allowed).toBe(true);
  });
});
