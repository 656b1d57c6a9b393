import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize } from './decide';
import {
  clusterRole,
  clusterRoleBinding,
  indexOf,
  roleBinding,
  saSubject,
} from '@/test/support/rbac/fixtures';
import { generateWorld } from '@/test/support/rbac/generate';
import { randomRequests } from '@/test/support/rbac/generate-requests';
import { serviceAccountUser } from './identity';
import {
  applicableBindings,
  bindingId,
  bindingRef,
  bindingsReachingUser,
  buildRbacIndex,
  emptyRbacIndex,
  removeBinding,
  removeRole,
  resolveRole,
  upsertBinding,
  upsertRole,
} from './rbac-index';
import { referenceAuthorize } from '@/test/support/rbac/reference';
import type { Binding } from './types';

const sa = serviceAccountUser('a', 'sa');
const ref = { kind: 'ClusterRole', name: 'r' } as const;

describe('applicableBindings', () => {
  const index = indexOf({
    clusterRoles: [clusterRole('r', [])],
    roleBindings: [
      roleBinding('a', 'rb-1', ref, [saSubject('sa')]),
      roleBinding('b', 'rb-other-ns', ref, [saSubject('sa', 'a')]),
    ],
    clusterRoleBindings: [
      clusterRoleBinding('crb-1', ref, [
        { kind: 'Group', name: 'system:serviceaccounts' },
        saSubject('sa', 'a'),
      ]),
    ],
  });

  it('returns ClusterRoleBindings, then RoleBindings of the namespace only', () => {
    expect(applicableBindings(index, sa, 'a').map((b) => b.entry.binding.name)).toEqual(['crb-1', 'rb-1']);
    expect(applicableBindings(index, sa, '').map((b) => b.entry.binding.name)).toEqual(['crb-1']);
  });

  it('reports the first subject that matched, once per binding', () => {
    const [first] = applicableBindings(index, sa, '');
    expect(first?.subject).toEqual({ kind: 'Group', name: 'system:serviceaccounts' });
  });

  it('lists bindings from every namespace for bindingsReachingUser', () => {
    expect(bindingsReachingUser(index, sa).map((b) => b.entry.binding.name)).toEqual([
      'crb-1',
      'rb-1',
      'rb-other-ns',
    ]);
  });
});

describe('incremental updates', () => {
  it('upserts and removes bindings and roles', () => {
    const index = emptyRbacIndex();
    upsertRole(index, clusterRole('r', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]));
    upsertBinding(index, roleBinding('a', 'x', ref, [saSubject('sa')]));
    const attrs = { verb: 'get', group: '', resource: 'pods', namespace: 'a' };
    expect(authorize(index, sa, attrs).allowed).toBe(true);
    upsertBinding(index, roleBinding('a', 'x', ref, [saSubject('other')]));
    expect(authorize(index, sa, attrs).allowed).toBe(false);
    upsertBinding(index, roleBinding('a', 'x', ref, [saSubject('sa')]));
    removeRole(index, 'ClusterRole', undefined, 'r');
    expect(resolveRole(index, ref, 'a')).toBeUndefined();
    expect(authorize(index, sa, attrs).allowed).toBe(false);
    upsertRole(index, clusterRole('r', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]));
    expect(authorize(index, sa, attrs).allowed).toBe(true);
    removeBinding(index, { kind: 'RoleBinding', name: 'x', namespace: 'a' });
    expect(authorize(index, sa, attrs).allowed).toBe(false);
    expect(index.bindings.size).toBe(0);
  });

  it('matches a fresh build after random removals and re-insertions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const world = generateWorld(seed, { roleBindings: 40, clusterRoleBindings: 10 });
        const index = buildRbacIndex(world);
        const removed = world.roleBindings.filter((_, i) => i % 3 === 0);
        for (const b of removed) removeBinding(index, b);
        for (const b of removed) upsertBinding(index, b);
        for (const b of world.clusterRoleBindings) upsertBinding(index, b);
        const fresh = buildRbacIndex(world);
        return randomRequests(seed, world, 60).every(
          ({ user, attrs }) =>
            authorize(index, user, attrs).allowed === authorize(fresh, user, attrs).allowed,
        );
      }),
      { numRuns: 15 },
    );
  });
});

describe('buildRbacIndex', () => {
  it('keeps the last of bindings sharing a name, in the place of the first, like upserting them', () => {
    const world = generateWorld(7, { roleBindings: 30, clusterRoleBindings: 8 });
    const twinRb = {
      ...(world.roleBindings[20] as Binding),
      name: (world.roleBindings[3] as Binding).name,
      namespace: (world.roleBindings[3] as Binding).namespace,
    };
    const twinCrb = {
      ...(world.clusterRoleBindings[6] as Binding),
      name: (world.clusterRoleBindings[1] as Binding).name,
    };
    const objects = {
      ...world,
      roleBindings: [...world.roleBindings, twinRb],
      clusterRoleBindings: [...world.clusterRoleBindings, twinCrb],
    };
    const built = buildRbacIndex(objects);
    const upserted = emptyRbacIndex();
    for (const r of [...objects.roles, ...objects.clusterRoles]) upsertRole(upserted, r);
    for (const b of [...objects.clusterRoleBindings, ...objects.roleBindings]) upsertBinding(upserted, b);
    expect(built.bindings.size).toBe(world.roleBindings.length + world.clusterRoleBindings.length);
    expect(built.bindings.get(bindingId(bindingRef(twinRb)))?.binding).toBe(twinRb);
    expect([...built.bindings.values()]).toEqual([...upserted.bindings.values()]);
    for (const sa of world.serviceAccounts) {
      const user = serviceAccountUser(sa.namespace, sa.name);
      expect(bindingsReachingUser(built, user)).toEqual(bindingsReachingUser(upserted, user));
    }
  });
});

describe('agreement with the reference authorizer', () => {
  it('decides every generated request like the naive VisitRulesFor transcription', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const world = generateWorld(seed);
        const index = buildRbacIndex(world);
        for (const { user, attrs } of randomRequests(seed, world, 150)) {
          expect(authorize(index, user, attrs).allowed).toBe(referenceAuthorize(world, user, attrs));
        }
      }),
      { numRuns: 25 },
    );
  });
});

// Timings of the engine at 10,000 bindings / 2,000 roles / 5,000 ServiceAccounts are measured by
// `npm run bench` (bench/engine.bench.test.ts), not asserted here: a timed unit test is flaky on a busy machine.
