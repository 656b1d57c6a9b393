import { describe, expect, it } from 'vitest';
import { clusterRole, clusterRoleBinding, objects, saSubject } from '@/test/support/rbac/fixtures';
import { changeTimes, emptyRbacJournal, objectsAt, recordChange, recordListDiff } from './rbac-history';
import { applyRbacChange, emptyRbacStore, rbacObjectsOf, replaceRbacKind } from './rbac-store';

const view = clusterRole('view', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
const wider = clusterRole('view', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]);
const crb = clusterRoleBinding('b', { kind: 'ClusterRole', name: 'view' }, [saSubject('sa', 'x')]);

describe('rbac journal', () => {
  it('reverts newer changes, newest first, to give the objects of a moment', () => {
    const j = emptyRbacJournal(0);
    recordChange(j, 10, undefined, crb);
    recordChange(j, 20, view, wider);
    recordChange(j, 20, view, view); // no change: not recorded
    const now = objects({ clusterRoles: [wider], clusterRoleBindings: [crb] });
    expect(j.entries).toHaveLength(2);
    expect(objectsAt(now, j, 15)?.clusterRoles).toEqual([view]);
    expect(objectsAt(now, j, 15)?.clusterRoleBindings).toEqual([crb]);
    expect(objectsAt(now, j, 5)?.clusterRoleBindings).toEqual([]);
    expect(objectsAt(now, j, 25)).toEqual(now);
    expect(changeTimes(j)).toEqual([
      { at: 20, keys: ['ClusterRole//view'] },
      { at: 10, keys: ['ClusterRoleBinding//b'] },
    ]);
  });

  it('is bounded, and cannot tell what happened before its oldest entry', () => {
    const j = emptyRbacJournal(0, 3);
    for (let i = 1; i <= 5; i++) recordChange(j, i, undefined, clusterRole(`r${i}`, []));
    expect(j.entries).toHaveLength(3);
    expect(j.since).toBe(2);
    expect(objectsAt(objects({}), j, 1)).toBeUndefined();
    expect(objectsAt(objects({}), j, 2)).toBeDefined();
  });

  it('records the difference between two lists', () => {
    const j = emptyRbacJournal(0);
    const n = recordListDiff(
      j,
      7,
      objects({ clusterRoles: [view] }),
      objects({ clusterRoles: [wider], clusterRoleBindings: [crb] }),
    );
    expect(n).toBe(2);
    expect(objectsAt(objects({ clusterRoles: [wider], clusterRoleBindings: [crb] }), j, 6)).toEqual(
      objects({ clusterRoles: [view] }),
    );
  });

  it('the watch-fed store journals changes after each kind’s first list, not the list itself', () => {
    const store = emptyRbacStore();
    store.journal = emptyRbacJournal(0);
    store.listedKinds = new Set();
    replaceRbacKind(store, 'ClusterRole', [{ object: view, version: { resourceVersion: '1' } }]);
    replaceRbacKind(store, 'ClusterRoleBinding', []);
    expect(store.journal.entries).toHaveLength(0);
    applyRbacChange(store, { type: 'MODIFIED', object: wider, version: { resourceVersion: '2' } });
    applyRbacChange(store, { type: 'ADDED', object: crb, version: { resourceVersion: '3' } });
    applyRbacChange(store, {
      type: 'DELETED',
      ref: { kind: 'ClusterRoleBinding', name: 'b' },
      version: { resourceVersion: '4' },
    });
    expect(store.journal.entries.map((e) => [e.key, e.before?.name ?? null, e.after?.name ?? null])).toEqual([
      ['ClusterRole//view', 'view', 'view'],
      ['ClusterRoleBinding//b', null, 'b'],
      ['ClusterRoleBinding//b', 'b', null],
    ]);
    const then = objectsAt(rbacObjectsOf(store.index), store.journal, 0);
    expect(then?.clusterRoles).toEqual([view]);
    expect(then?.clusterRoleBindings).toEqual([]);
  });
});
