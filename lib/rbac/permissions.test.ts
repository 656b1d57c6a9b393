import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusterRole,
  clusterRoleBinding,
  indexOf,
  role,
  roleBinding,
  saSubject,
} from '@/test/support/rbac/fixtures';
import { generateWorld } from '@/test/support/rbac/generate';
import { usersOf, withMixedBindings } from '@/test/support/rbac/mixed';
import { serviceAccountUser } from './identity';
import {
  bindingsFor,
  effectivePart,
  effectivePermissions,
  effectiveRuleKey,
  sourcedEffectiveRules,
  sourcedEffectiveRulesDirect,
} from './permissions';
import { buildRbacIndex, removeBinding, upsertBinding, upsertRole } from './rbac-index';
import type { PolicyRule } from './types';

const user = serviceAccountUser('a', 'sa');
const readPods: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
const health: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/healthz'] };
const index = indexOf({
  roles: [role('a', 'local', [{ ...readPods, verbs: ['list', 'get'] }])],
  clusterRoles: [
    clusterRole('reader', [readPods]),
    clusterRole('health', [health]),
    {
      kind: 'ClusterRole',
      name: 'agg',
      rules: [readPods],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'true' } }] },
    },
  ],
  roleBindings: [
    roleBinding('a', 'one', { kind: 'ClusterRole', name: 'reader' }, [saSubject('sa')]),
    roleBinding('a', 'two', { kind: 'Role', name: 'local' }, [
      { kind: 'Group', name: 'system:serviceaccounts:a' },
    ]),
    roleBinding('a', 'health-rb', { kind: 'ClusterRole', name: 'health' }, [saSubject('sa')]),
    roleBinding('a', 'gone', { kind: 'Role', name: 'missing' }, [saSubject('sa')]),
    roleBinding('b', 'other-user', { kind: 'ClusterRole', name: 'reader' }, [saSubject('sa')]),
  ],
  clusterRoleBindings: [
    clusterRoleBinding('health', { kind: 'ClusterRole', name: 'health' }, [
      { kind: 'Group', name: 'system:authenticated' },
    ]),
    clusterRoleBinding('agg', { kind: 'ClusterRole', name: 'agg' }, [saSubject('sa', 'a')]),
  ],
});

describe('effectivePermissions', () => {
  const { rules } = effectivePermissions(index, user);

  it('merges identical rules from different bindings, ignoring list order', () => {
    const local = rules.filter((r) => r.namespace === 'a');
    expect(local).toHaveLength(1);
    expect(local[0]?.grantedBy.map((g) => g.binding.name)).toEqual(['one', 'two']);
    expect(local[0]?.grantedBy[1]?.subject).toEqual({ kind: 'Group', name: 'system:serviceaccounts:a' });
  });

  it('keeps cluster-wide rules separate and marks them with namespace null', () => {
    const cluster = rules.filter((r) => r.namespace === null);
    expect(cluster.map((r) => r.nonResourceURLs ?? r.resources)).toEqual([['/healthz'], ['pods']]);
  });

  it('drops nonResourceURLs reached through a RoleBinding, which never take effect', () => {
    expect(rules.some((r) => r.namespace === 'a' && r.nonResourceURLs)).toBe(false);
    expect(effectivePart(health, 'a')).toBeUndefined();
    expect(effectivePart({ ...readPods, nonResourceURLs: ['/x'] }, 'a')).toEqual(readPods);
    expect(effectivePart(health, null)).toBe(health);
  });

  it('does not collect bindings of other users', () => {
    expect(rules.filter((r) => r.namespace === 'b')).toHaveLength(0);
  });

  it('keys rules by namespace and normalized lists', () => {
    expect(effectiveRuleKey('a', readPods)).toBe(
      effectiveRuleKey('a', { ...readPods, verbs: ['list', 'get', 'get'] }),
    );
    expect(effectiveRuleKey('a', readPods)).not.toBe(effectiveRuleKey(null, readPods));
  });
});

describe('bindingsFor', () => {
  const bindings = bindingsFor(index, user);

  it('lists every binding reaching the user, ClusterRoleBindings first', () => {
    expect(bindings.map((b) => b.binding.name)).toEqual(['health', 'agg', 'one', 'two', 'health-rb', 'gone']);
  });

  it('reports the matched subject, missing roles and aggregation rules', () => {
    const byName = new Map(bindings.map((b) => [b.binding.name, b]));
    expect(byName.get('health')?.subject).toEqual({ kind: 'Group', name: 'system:authenticated' });
    expect(byName.get('gone')).toMatchObject({ roleFound: false, rules: [], namespace: 'a' });
    expect(byName.get('agg')?.aggregationRule?.clusterRoleSelectors).toHaveLength(1);
    expect(byName.get('agg')?.namespace).toBeNull();
  });
});

describe('sourcedEffectiveRules (shared groups cached per index revision)', () => {
  it('equals the direct visit (rules, order, grants) on generated worlds, also after changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (seed) => {
        const world = withMixedBindings(generateWorld(seed, { roleBindings: 160, clusterRoleBindings: 40 }));
        const index = buildRbacIndex(world);
        for (const u of usersOf(world))
          expect(sourcedEffectiveRules(index, u, { sharedFrom: 0 })).toEqual(
            sourcedEffectiveRulesDirect(index, u),
          );
        // Changes after the cache was filled: it must not answer from the old revision.
        for (const b of world.roleBindings.filter((_, i) => i % 4 === 0)) removeBinding(index, b);
        for (const b of world.clusterRoleBindings.slice(0, 5))
          upsertBinding(index, { ...b, subjects: [...b.subjects].reverse() });
        const cr = world.clusterRoles[0];
        if (cr) upsertRole(index, { ...cr, rules: [...cr.rules].reverse() });
        for (const u of usersOf(world))
          expect(sourcedEffectiveRules(index, u, { sharedFrom: 0 })).toEqual(
            sourcedEffectiveRulesDirect(index, u),
          );
      }),
      { numRuns: 6 },
    );
  }, 60_000);
});
