import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusterRole,
  clusterRoleBinding,
  indexOf,
  roleBinding,
  saSubject,
} from '@/test/support/rbac/fixtures';
import { generateWorld } from '@/test/support/rbac/generate';
import { randomRequests } from '@/test/support/rbac/generate-requests';
import { usersOf, withMixedBindings } from '@/test/support/rbac/mixed';
import { authorize } from './decide';
import { ALL_SERVICE_ACCOUNTS_GROUP, serviceAccountUser, subjectMatches } from './identity';
import {
  bindingsReachingUser,
  buildRbacIndex,
  type RbacIndex,
  removeBinding,
  upsertBinding,
  upsertRole,
} from './rbac-index';
import type { UserInfo } from './types';
import { accountRbac, canMintTokens, ruleMintsTokens, tokenMinters, whoCan } from './who-can';

const reader = clusterRole('reader', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]);
const minter = clusterRole('minter', [
  { verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] },
]);
const narrowMinter = clusterRole('narrow', [
  { verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['deployer'] },
  { verbs: ['create'], apiGroups: ['*'], resources: ['*/token'], resourceNames: ['builder'] },
]);
const index = indexOf({
  clusterRoles: [
    reader,
    minter,
    narrowMinter,
    clusterRole('all', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
  ],
  roleBindings: [
    roleBinding('a', 'read-a', { kind: 'ClusterRole', name: 'reader' }, [
      saSubject('sa'),
      { kind: 'User', name: 'alice' },
    ]),
    roleBinding('b', 'read-b', { kind: 'ClusterRole', name: 'reader' }, [{ kind: 'User', name: 'bob' }]),
    roleBinding('a', 'mint-a', { kind: 'ClusterRole', name: 'minter' }, [saSubject('ci')]),
    roleBinding('b', 'narrow-b', { kind: 'ClusterRole', name: 'narrow' }, [saSubject('ci', 'a')]),
    roleBinding('b', 'narrow-b2', { kind: 'ClusterRole', name: 'narrow' }, [saSubject('ci', 'a')]),
  ],
  clusterRoleBindings: [
    clusterRoleBinding('admins', { kind: 'ClusterRole', name: 'all' }, [
      { kind: 'Group', name: 'admins' },
      { kind: 'ServiceAccount', name: 'no-namespace' },
    ]),
  ],
});

describe('whoCan', () => {
  const attrs = { verb: 'get', group: '', resource: 'secrets', namespace: 'a', name: 's' };

  it('lists system:masters first, then subjects of applicable bindings', () => {
    const names = whoCan(index, attrs).map((e) => `${e.subject.kind}:${e.subject.name}`);
    expect(names).toEqual(['Group:system:masters', 'Group:admins', 'ServiceAccount:sa', 'User:alice']);
  });

  it('defaults RoleBinding ServiceAccount namespaces and drops unmatchable subjects', () => {
    const entries = whoCan(index, attrs, { includeSuperuser: false });
    expect(entries.find((e) => e.subject.name === 'sa')?.subject.namespace).toBe('a');
    expect(entries.some((e) => e.subject.name === 'no-namespace')).toBe(false);
  });

  it('only consults ClusterRoleBindings for cluster-wide requests', () => {
    const names = whoCan(index, { ...attrs, namespace: '' }, { includeSuperuser: false }).map(
      (e) => e.subject.name,
    );
    expect(names).toEqual(['admins']);
  });

  it('is consistent with authorize for every generated request', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const world = generateWorld(seed);
        const idx = buildRbacIndex(world);
        return randomRequests(seed, world, 60).every(({ user, attrs: a }) => {
          const listed = whoCan(idx, a, { includeSuperuser: false }).some((e) =>
            subjectMatches(e.subject, '', user),
          );
          return listed === authorize(idx, user, a).allowed;
        });
      }),
      { numRuns: 10 },
    );
  });
});

describe('tokenMinters', () => {
  const minters = tokenMinters(index);
  const find = (name: string) => minters.find((m) => m.subject.name === name);

  it('recognises token-minting rules, including */token', () => {
    expect(
      ruleMintsTokens({ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] }),
    ).toBe(true);
    expect(ruleMintsTokens({ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts'] })).toBe(
      false,
    );
    expect(ruleMintsTokens({ verbs: ['get'], apiGroups: [''], resources: ['serviceaccounts/token'] })).toBe(
      false,
    );
  });

  it('reports cluster-wide minting for all names', () => {
    expect(find('admins')?.scopes).toMatchObject([{ namespace: null, serviceAccounts: 'all' }]);
  });

  it('reports namespaced minting with the union of resourceNames', () => {
    const ci = find('ci');
    expect(ci?.subject.namespace).toBe('a');
    expect(ci?.scopes.map((s) => [s.namespace, s.serviceAccounts])).toEqual([
      ['a', 'all'],
      ['b', ['builder', 'deployer']],
    ]);
    expect(ci?.scopes[1]?.grantedBy.map((g) => g.binding.name)).toEqual([
      'narrow-b',
      'narrow-b',
      'narrow-b2',
      'narrow-b2',
    ]);
  });

  it('skips subjects whose bindings grant no token creation', () => {
    expect(find('alice')).toBeUndefined();
  });
});

describe('accountRbac (a ServiceAccounts row: shared groups worked out once per index revision)', () => {
  /** The row as counted from every reaching binding, without the cache. */
  const direct = (index: RbacIndex, u: UserInfo) => {
    const reaching = bindingsReachingUser(index, u);
    return {
      bindingCount: reaching.length,
      directBindingCount: reaching.filter((b) => b.subject.kind !== 'Group').length,
      canMintTokens: canMintTokens(index, u),
    };
  };

  it('equals counting the reaching bindings, on generated worlds, also after changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (seed) => {
        const world = withMixedBindings(generateWorld(seed, { roleBindings: 160, clusterRoleBindings: 40 }));
        const index = buildRbacIndex(world);
        const check = () => {
          for (const u of usersOf(world)) {
            const expected = direct(index, u);
            expect(accountRbac(index, u, { sharedFrom: 0 })).toEqual(expected);
            expect(accountRbac(index, u)).toEqual(expected);
          }
        };
        check();
        // After the cache was filled: it must not answer from the old revision.
        for (const b of world.roleBindings.filter((_, i) => i % 4 === 0)) removeBinding(index, b);
        for (const b of world.clusterRoleBindings.slice(0, 5))
          upsertBinding(index, { ...b, subjects: [...b.subjects].reverse() });
        const cr = world.clusterRoles[0];
        if (cr) upsertRole(index, { ...cr, rules: [...cr.rules].reverse() });
        check();
      }),
      { numRuns: 6 },
    );
  }, 60_000);

  it('sees a shared group gain and lose the right to mint tokens', () => {
    const index = indexOf({
      clusterRoles: [minter],
    });
    const u = serviceAccountUser('team-a', 'app');
    expect(accountRbac(index, u, { sharedFrom: 0 })).toEqual({
      bindingCount: 0,
      directBindingCount: 0,
      canMintTokens: false,
    });
    const all = clusterRoleBinding('all-sas-mint', { kind: 'ClusterRole', name: 'minter' }, [
      { kind: 'Group', name: ALL_SERVICE_ACCOUNTS_GROUP },
    ]);
    upsertBinding(index, all);
    expect(accountRbac(index, u, { sharedFrom: 0 })).toEqual({
      bindingCount: 1,
      directBindingCount: 0,
      canMintTokens: true,
    });
    removeBinding(index, all);
    expect(accountRbac(index, u, { sharedFrom: 0 }).canMintTokens).toBe(false);
  });
});
