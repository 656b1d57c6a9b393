import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize } from './decide';
import { clusterRole, clusterRoleBinding, indexOf, roleBinding, saSubject } from './fixtures';
import { BENCHMARK_WORLD_SIZES, generateWorld } from './generate';
import { randomRequests } from './generate-requests';
import { serviceAccountUser } from './identity';
import {
  applicableBindings,
  bindingsReachingUser,
  buildRbacIndex,
  emptyRbacIndex,
  removeBinding,
  removeRole,
  resolveRole,
  upsertBinding,
  upsertRole,
} from './rbac-index';
import { effectivePermissions } from './permissions';
import { privilegeWarnings } from './privileges';
import { referenceAuthorize } from './reference';

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

describe('performance sanity', () => {
  it('indexes 10,000 bindings, 2,000 roles and 5,000 ServiceAccounts quickly', () => {
    const world = generateWorld(42, BENCHMARK_WORLD_SIZES);
    expect(world.roleBindings.length + world.clusterRoleBindings.length).toBe(10_000);
    expect(world.roles.length + world.clusterRoles.length).toBe(2_000);
    expect(world.serviceAccounts.length).toBe(5_000);
    const coldStart = performance.now();
    buildRbacIndex(world);
    const coldMs = performance.now() - coldStart;
    const start = performance.now();
    const index = buildRbacIndex(world);
    const buildMs = performance.now() - start;
    const users = world.serviceAccounts.slice(0, 500).map((s) => serviceAccountUser(s.namespace, s.name));
    const attrs = {
      verb: 'get',
      group: '',
      resource: 'secrets',
      namespace: world.namespaces[0] ?? '',
      name: 'x',
    };
    const perUser = (fn: (user: (typeof users)[number]) => unknown): number => {
      const t = performance.now();
      for (const user of users) fn(user);
      return (performance.now() - t) / users.length;
    };
    // Warm the JIT and the per-rule caches first, so the numbers reflect a long-running server.
    perUser((u) => privilegeWarnings(index, u));
    const authorizeMs = perUser((u) => authorize(index, u, attrs));
    const permissionsMs = perUser((u) => effectivePermissions(index, u));
    const warningsMs = perUser((u) => privilegeWarnings(index, u));
    const ms = (n: number): string => n.toFixed(3);
    // biome-ignore lint/suspicious/noConsole: the measured numbers are the point of this test
    console.log(
      `rbac index build ${coldMs.toFixed(1)} ms cold, ${buildMs.toFixed(1)} ms warm; per SA: authorize ${ms(authorizeMs)} ms, ` +
        `effectivePermissions ${ms(permissionsMs)} ms, privilegeWarnings ${ms(warningsMs)} ms`,
    );
    expect(buildMs).toBeLessThan(2000);
    expect(Math.max(authorizeMs, permissionsMs, warningsMs)).toBeLessThan(50);
  });
});
