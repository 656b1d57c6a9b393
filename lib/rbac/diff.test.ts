import { describe, expect, it } from 'vitest';
import {
  clusterRole,
  clusterRoleBinding,
  indexOf,
  roleBinding,
  saSubject,
} from '@/test/support/rbac/fixtures';
import { describeEntry, diffPermissions } from './diff';
import { serviceAccountUser } from './identity';
import { type EffectiveRule, effectivePermissions } from './permissions';

const rule = (r: Partial<EffectiveRule> & { verbs: string[] }): EffectiveRule => ({
  namespace: null,
  apiGroups: [''],
  resources: [],
  grantedBy: [],
  ...r,
});
const lines = (entries: Parameters<typeof describeEntry>[0][]) => entries.map(describeEntry);

describe('diffPermissions', () => {
  it('the seed: the requester may only mint for the viewer, the viewer may only list pods', () => {
    const index = indexOf({
      clusterRoles: [
        clusterRole('requester', [
          {
            verbs: ['create'],
            apiGroups: [''],
            resources: ['serviceaccounts/token'],
            resourceNames: ['viewer'],
          },
        ]),
        clusterRole('viewer', [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]),
      ],
      clusterRoleBindings: [
        clusterRoleBinding('r', { kind: 'ClusterRole', name: 'requester' }, [
          saSubject('requester', 'default'),
        ]),
        clusterRoleBinding('v', { kind: 'ClusterRole', name: 'viewer' }, [saSubject('viewer', 'default')]),
      ],
    });
    const a = effectivePermissions(index, serviceAccountUser('default', 'requester')).rules;
    const b = effectivePermissions(index, serviceAccountUser('default', 'viewer')).rules;
    const d = diffPermissions(a, b);
    expect(lines(d.onlyA)).toEqual(['create serviceaccounts/token [viewer] (cluster-wide)']);
    expect(lines(d.onlyB)).toEqual(['list pods (cluster-wide)']);
    expect(d.both).toEqual([]);
    expect(d.onlyB[0]?.grantedBy[0]?.binding.name).toBe('v');
  });

  it('a cluster-wide grant covers the same grant in one namespace, not the reverse', () => {
    const cluster = [rule({ verbs: ['get'], resources: ['pods'] })];
    const local = [rule({ namespace: 'dev', verbs: ['get'], resources: ['pods'] })];
    const d = diffPermissions(cluster, local);
    expect(lines(d.onlyA)).toEqual(['get pods (cluster-wide)']);
    expect(d.onlyA[0]?.partly).toBe(true);
    expect(lines(d.both)).toEqual(['get pods in dev']);
    expect(d.onlyB).toEqual([]);
    // Two namespaces are two scopes.
    const other = [rule({ namespace: 'prod', verbs: ['get'], resources: ['pods'] })];
    const e = diffPermissions(local, other);
    expect(lines(e.onlyA)).toEqual(['get pods in dev']);
    expect(lines(e.onlyB)).toEqual(['get pods in prod']);
    expect(e.onlyA[0]?.partly).toBeUndefined();
  });

  it('resourceNames: no names covers any, names are covered by the union of the other side', () => {
    const any = [rule({ verbs: ['get'], resources: ['secrets'] })];
    const some = [rule({ verbs: ['get'], resources: ['secrets'], resourceNames: ['a', 'b'] })];
    const d = diffPermissions(any, some);
    expect(lines(d.onlyA)).toEqual(['get secrets (cluster-wide)']);
    expect(d.onlyA[0]?.partly).toBe(true);
    expect(lines(d.both)).toEqual(['get secrets [a, b] (cluster-wide)']);
    const split = [
      rule({ verbs: ['get'], resources: ['secrets'], resourceNames: ['a'] }),
      rule({ verbs: ['get'], resources: ['secrets'], resourceNames: ['b', 'c'] }),
    ];
    const e = diffPermissions(some, split);
    expect(e.onlyA).toEqual([]);
    expect(lines(e.onlyB)).toEqual(['get secrets [b, c] (cluster-wide)']);
    expect(e.onlyB[0]?.partly).toBe(true);
  });

  it('wildcards cover what they name, but are not expanded against the cluster', () => {
    const star = [rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })];
    const pods = [rule({ verbs: ['get', 'list'], resources: ['pods', 'pods/log'] })];
    const d = diffPermissions(star, pods);
    expect(lines(d.onlyA)).toEqual(['* */* (cluster-wide)']);
    expect(d.onlyA[0]?.partly).toBe(true);
    expect(d.onlyB).toEqual([]);
    expect(lines(d.both).sort()).toEqual([
      'get, list pods (cluster-wide)',
      'get, list pods/log (cluster-wide)',
    ]);
    const scale = [rule({ verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] })];
    const deploymentsScale = [
      rule({ verbs: ['update'], apiGroups: ['apps'], resources: ['deployments/scale'] }),
    ];
    expect(diffPermissions(deploymentsScale, scale).onlyA).toEqual([]);
    expect(lines(diffPermissions(scale, deploymentsScale).onlyA)).toEqual([
      'update apps/*/scale (cluster-wide)',
    ]);
    // The same resource in another API group is another resource.
    const appsPods = [rule({ verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['pods'] })];
    expect(lines(diffPermissions(pods, appsPods).onlyB)).toEqual(['get, list apps/pods (cluster-wide)']);
  });

  it('verbs split: shared verbs go to both, the rest to one side', () => {
    const d = diffPermissions(
      [rule({ namespace: 'x', verbs: ['get', 'list', 'delete'], resources: ['pods'] })],
      [rule({ namespace: 'x', verbs: ['get', 'list', 'watch'], resources: ['pods'] })],
    );
    expect(lines(d.onlyA)).toEqual(['delete pods in x']);
    expect(lines(d.onlyB)).toEqual(['watch pods in x']);
    expect(lines(d.both)).toEqual(['get, list pods in x']);
  });

  it('non-resource URLs match by prefix stars', () => {
    const d = diffPermissions(
      [rule({ verbs: ['get'], apiGroups: [], nonResourceURLs: ['/healthz', '/metrics'] })],
      [rule({ verbs: ['get'], apiGroups: [], nonResourceURLs: ['/health*'] })],
    );
    expect(lines(d.onlyA)).toEqual(['get /metrics']);
    expect(lines(d.both)).toEqual(['get /healthz']);
    expect(lines(d.onlyB)).toEqual(['get /health*']);
    expect(d.onlyB[0]?.partly).toBe(true);
  });

  it('identical subjects differ in nothing, and a RoleBinding to a ClusterRole stays in its namespace', () => {
    const index = indexOf({
      clusterRoles: [clusterRole('view', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }])],
      roleBindings: [
        roleBinding('dev', 'a', { kind: 'ClusterRole', name: 'view' }, [saSubject('a')]),
        roleBinding('dev', 'b', { kind: 'ClusterRole', name: 'view' }, [saSubject('b')]),
      ],
    });
    const a = effectivePermissions(index, serviceAccountUser('dev', 'a')).rules;
    const b = effectivePermissions(index, serviceAccountUser('dev', 'b')).rules;
    const d = diffPermissions(a, b);
    expect(d.onlyA).toEqual([]);
    expect(d.onlyB).toEqual([]);
    expect(lines(d.both)).toEqual(['get pods in dev']);
  });
});
