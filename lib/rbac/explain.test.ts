import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allGrants, authorize } from './decide';
import { explain, formatList } from './explain';
import { clusterRole, clusterRoleBinding, indexOf, role, roleBinding, saSubject } from '@/test/support/rbac/fixtures';
import { generateWorld } from '@/test/support/rbac/generate';
import { randomRequests } from '@/test/support/rbac/generate-requests';
import { serviceAccountUser } from './identity';
import { buildRbacIndex } from './rbac-index';
import type { ResourceAttributes } from './types';

const user = serviceAccountUser('a', 'sa');
const index = indexOf({
  roles: [
    role('a', 'get-web', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['web'] }]),
  ],
  clusterRoles: [
    clusterRole('deploy', [{ verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'] }]),
    clusterRole('health', [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }]),
  ],
  roleBindings: [
    roleBinding('a', 'web', { kind: 'Role', name: 'get-web' }, [saSubject('sa')]),
    roleBinding('b', 'deploy-b', { kind: 'ClusterRole', name: 'deploy' }, [saSubject('sa', 'a')]),
    roleBinding('a', 'health-rb', { kind: 'ClusterRole', name: 'health' }, [saSubject('sa')]),
    roleBinding('a', 'gone', { kind: 'Role', name: 'missing' }, [saSubject('sa')]),
  ],
  clusterRoleBindings: [
    clusterRoleBinding('ghost', { kind: 'ClusterRole', name: 'ghost' }, [saSubject('sa', 'a')]),
  ],
});

const reasonsFor = (attrs: Parameters<typeof explain>[2], binding: string): string[] =>
  explain(index, user, attrs)
    .nearMisses.filter((m) => m.binding.name === binding)
    .flatMap((m) => m.mismatches.map((x) => x.reason));

describe('explain', () => {
  it('lists the grants authorize would find', () => {
    const attrs: ResourceAttributes = {
      verb: 'get',
      group: '',
      resource: 'pods',
      namespace: 'a',
      name: 'web',
    };
    const result = explain(index, user, attrs);
    expect(result.allowed).toBe(true);
    expect(result.grants).toEqual(allGrants(index, user, attrs));
  });

  it('explains a wrong verb', () => {
    expect(
      reasonsFor({ verb: 'list', group: '', resource: 'pods', namespace: 'a', name: 'web' }, 'web'),
    ).toEqual(['verb "list" not in [get]']);
  });

  it('explains resourceNames against a nameless request', () => {
    expect(reasonsFor({ verb: 'get', group: '', resource: 'pods', namespace: 'a' }, 'web')).toEqual([
      'resourceNames [web] do not cover a request without a name',
    ]);
    expect(
      reasonsFor({ verb: 'get', group: '', resource: 'pods', namespace: 'a', name: 'db' }, 'web'),
    ).toEqual(['name "db" not in resourceNames [web]']);
  });

  it('explains a RoleBinding in another namespace', () => {
    const attrs = { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'a', name: 'x' };
    expect(reasonsFor(attrs, 'deploy-b')).toEqual([
      'RoleBinding in namespace b does not apply to namespace a',
    ]);
    expect(reasonsFor({ ...attrs, namespace: '' }, 'deploy-b')).toEqual([
      'RoleBinding in namespace b does not apply to cluster-scoped or all-namespace requests',
    ]);
  });

  it('explains group, resource and subresource mismatches', () => {
    expect(
      reasonsFor(
        { verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: 'a', name: 'web' },
        'web',
      ),
    ).toEqual(['resource "pods/log" not in [pods]']);
    expect(
      reasonsFor({ verb: 'get', group: 'apps', resource: 'pods', namespace: 'a', name: 'web' }, 'web'),
    ).toEqual(['API group "apps" not in [""]']);
  });

  it('explains that RoleBindings cannot grant non-resource URLs', () => {
    expect(reasonsFor({ verb: 'get', path: '/healthz' }, 'health-rb')).toEqual([
      'RoleBinding in namespace a cannot grant non-resource URLs',
    ]);
  });

  it('reports missing roles', () => {
    const attrs = { verb: 'get', group: '', resource: 'pods', namespace: 'a', name: 'web' };
    expect(reasonsFor(attrs, 'gone')).toEqual(['Role "missing" not found in namespace a']);
    expect(reasonsFor(attrs, 'ghost')).toEqual(['ClusterRole "ghost" not found']);
  });

  it('orders near misses by closeness and honours the limit', () => {
    const result = explain(
      index,
      user,
      { verb: 'watch', group: 'apps', resource: 'deployments', namespace: 'a' },
      { limit: 2 },
    );
    expect(result.nearMisses).toHaveLength(2);
    const counts = result.nearMisses.map((m) => m.mismatches.length);
    expect([...counts].sort()).toEqual(counts);
  });

  it('formats lists with a visible core group', () => {
    expect(formatList(['', 'apps'])).toBe('["", apps]');
  });

  it('agrees with authorize on generated worlds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const world = generateWorld(seed);
        const idx = buildRbacIndex(world);
        return randomRequests(seed, world, 80).every(({ user: u, attrs }) => {
          const e = explain(idx, u, attrs);
          const d = authorize(idx, u, attrs);
          return (
            e.allowed === d.allowed &&
            (!d.allowed || JSON.stringify(e.grants[0]) === JSON.stringify(d.grantedBy))
          );
        });
      }),
      { numRuns: 10 },
    );
  });
});
