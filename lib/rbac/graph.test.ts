import { describe, expect, it } from 'vitest';
import {
  clusterRole,
  clusterRoleBinding,
  indexOf,
  role,
  roleBinding,
  saSubject,
} from '@/test/support/rbac/fixtures';
import { BENCHMARK_WORLD_SIZES, generateWorld } from '@/test/support/rbac/generate';
import { buildRbacGraph, neighbours, ruleLabel, subjectNodeId } from './graph';
import { buildRbacIndex } from './rbac-index';
import type { PolicyRule } from './types';

const mint: PolicyRule = {
  verbs: ['create'],
  apiGroups: [''],
  resources: ['serviceaccounts/token'],
  resourceNames: ['viewer'],
};
const listPods: PolicyRule = { verbs: ['list'], apiGroups: [''], resources: ['pods'] };

// The seed scenario, plus a group binding, a dangling roleRef and an aggregated ClusterRole.
const index = indexOf({
  roles: [role('default', 'local', [listPods])],
  clusterRoles: [
    clusterRole('requester', [mint]),
    clusterRole('viewer', [listPods]),
    {
      ...clusterRole('pieces', [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }]),
      labels: { agg: 'yes' },
    },
    {
      kind: 'ClusterRole',
      name: 'aggregate',
      rules: [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }, listPods],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }] },
    },
  ],
  clusterRoleBindings: [
    clusterRoleBinding('requester-crb', { kind: 'ClusterRole', name: 'requester' }, [
      saSubject('requester', 'default'),
    ]),
    clusterRoleBinding('viewer-crb', { kind: 'ClusterRole', name: 'viewer' }, [
      saSubject('viewer', 'default'),
    ]),
    clusterRoleBinding('all-sa', { kind: 'ClusterRole', name: 'aggregate' }, [
      { kind: 'Group', name: 'system:serviceaccounts:default' },
    ]),
  ],
  roleBindings: [
    roleBinding('default', 'local-rb', { kind: 'Role', name: 'local' }, [
      saSubject('viewer'),
      { kind: 'User', name: 'ann' },
    ]),
    roleBinding('default', 'dangling', { kind: 'Role', name: 'nope' }, [saSubject('viewer')]),
    roleBinding('other', 'elsewhere', { kind: 'ClusterRole', name: 'viewer' }, [
      saSubject('viewer', 'default'),
    ]),
  ],
});

const ids = (g: { nodes: { id: string }[] }) => g.nodes.map((n) => n.id);
const edge = (g: { edges: { from: string; to: string }[] }, from: string, to: string) =>
  g.edges.some((e) => e.from === from && e.to === to);

describe('buildRbacGraph for a ServiceAccount', () => {
  const g = buildRbacGraph(
    index,
    { kind: 'subject', subject: { kind: 'ServiceAccount', namespace: 'default', name: 'viewer' } },
    { pods: ['web-1', 'web-2'] },
  );
  const sa = subjectNodeId({ kind: 'ServiceAccount', namespace: 'default', name: 'viewer' });

  it('draws subject → binding → role → rule for every binding that reaches it', () => {
    expect(g.nodes.find((n) => n.id === sa)?.focus).toBe(true);
    expect(edge(g, sa, 'binding:crb/viewer-crb')).toBe(true);
    expect(edge(g, 'binding:crb/viewer-crb', 'role:ClusterRole:viewer')).toBe(true);
    expect(edge(g, 'role:ClusterRole:viewer', `rule:role:ClusterRole:viewer#${ruleLabel(listPods)}`)).toBe(
      true,
    );
    // RoleBindings in any namespace that name it, and nothing that does not reach it.
    expect(edge(g, sa, 'binding:rb/default/local-rb')).toBe(true);
    expect(edge(g, sa, 'binding:rb/other/elsewhere')).toBe(true);
    expect(ids(g)).not.toContain('binding:crb/requester-crb');
    expect(ids(g)).not.toContain(subjectNodeId({ kind: 'User', name: 'ann' }));
  });

  it('routes bindings that reach it through a group via a group node', () => {
    const group = 'subject:Group:system:serviceaccounts:default';
    expect(edge(g, sa, group)).toBe(true);
    expect(edge(g, group, 'binding:crb/all-sa')).toBe(true);
    expect(edge(g, sa, 'binding:crb/all-sa')).toBe(false);
  });

  it('marks a binding whose role does not exist', () => {
    const missing = g.nodes.find((n) => n.id === 'role:Role:default/nope');
    expect(missing?.missing).toBe(true);
    expect(g.edges.filter((e) => e.from === 'role:Role:default/nope')).toHaveLength(0);
  });

  it('draws aggregated rules under the ClusterRole they come from', () => {
    expect(edge(g, 'role:ClusterRole:aggregate', 'role:ClusterRole:pieces')).toBe(true);
    expect(g.edges.find((e) => e.to === 'role:ClusterRole:pieces')?.label).toBe('aggregates');
    expect(edge(g, 'role:ClusterRole:pieces', 'rule:role:ClusterRole:pieces#get · apps/deployments')).toBe(
      true,
    );
    // A materialized rule no current source holds stays on the aggregated role itself.
    expect(
      edge(g, 'role:ClusterRole:aggregate', `rule:role:ClusterRole:aggregate#${ruleLabel(listPods)}`),
    ).toBe(true);
  });

  it('draws the pods that run as it', () => {
    expect(edge(g, sa, 'pod:default/web-1')).toBe(true);
    expect(g.edges.find((e) => e.to === 'pod:default/web-2')?.label).toBe('runs as');
  });

  it('has an edge only between nodes it drew, and unique node ids', () => {
    const all = new Set(ids(g));
    expect(all.size).toBe(g.nodes.length);
    for (const e of g.edges) expect(all.has(e.from) && all.has(e.to)).toBe(true);
  });
});

describe('buildRbacGraph for a role, a namespace, a group and a user', () => {
  it('draws every binding of a ClusterRole and their subjects', () => {
    const g = buildRbacGraph(index, { kind: 'role', role: { kind: 'ClusterRole', name: 'viewer' } });
    expect(edge(g, 'binding:crb/viewer-crb', 'role:ClusterRole:viewer')).toBe(true);
    expect(edge(g, 'binding:rb/other/elsewhere', 'role:ClusterRole:viewer')).toBe(true);
    expect(
      edge(
        g,
        subjectNodeId({ kind: 'ServiceAccount', namespace: 'default', name: 'viewer' }),
        'binding:crb/viewer-crb',
      ),
    ).toBe(true);
    expect(g.nodes.find((n) => n.id === 'role:ClusterRole:viewer')?.focus).toBe(true);
  });

  it('finds a Role only through RoleBindings of its own namespace', () => {
    const g = buildRbacGraph(index, {
      kind: 'role',
      role: { kind: 'Role', namespace: 'default', name: 'local' },
    });
    expect(ids(g)).toContain('binding:rb/default/local-rb');
    // The namespace-less ServiceAccount subject resolves to the binding's namespace.
    expect(ids(g)).toContain(subjectNodeId({ kind: 'ServiceAccount', namespace: 'default', name: 'viewer' }));
    expect(ids(g)).toContain(subjectNodeId({ kind: 'User', name: 'ann' }));
  });

  it('draws a namespace as its RoleBindings plus ClusterRoleBindings naming its ServiceAccounts', () => {
    const g = buildRbacGraph(index, { kind: 'namespace', namespace: 'default' });
    expect(ids(g)).toEqual(
      expect.arrayContaining([
        'binding:rb/default/local-rb',
        'binding:crb/viewer-crb',
        'binding:crb/requester-crb',
      ]),
    );
    expect(ids(g)).not.toContain('binding:rb/other/elsewhere');
    expect(ids(g)).not.toContain('binding:crb/all-sa');
  });

  it('draws a group and a user by the bindings that name them', () => {
    const group = buildRbacGraph(index, {
      kind: 'subject',
      subject: { kind: 'Group', name: 'system:serviceaccounts:default' },
    });
    expect(edge(group, 'subject:Group:system:serviceaccounts:default', 'binding:crb/all-sa')).toBe(true);
    const user = buildRbacGraph(index, { kind: 'subject', subject: { kind: 'User', name: 'ann' } });
    expect(edge(user, 'subject:User:ann', 'binding:rb/default/local-rb')).toBe(true);
    expect(user.nodes.filter((n) => n.kind === 'binding')).toHaveLength(1);
  });
});

describe('graph caps', () => {
  it('stays bounded on a large generated world and counts what it left out', () => {
    const world = generateWorld(7, BENCHMARK_WORLD_SIZES);
    const big = buildRbacIndex(world);
    for (const ns of world.namespaces.slice(0, 3)) {
      const g = buildRbacGraph(big, { kind: 'namespace', namespace: ns });
      expect(g.nodes.filter((n) => n.kind === 'binding').length).toBeLessThanOrEqual(40);
      expect(g.omitted).toBeGreaterThan(0);
      // binding + role + 8 rules + 1 "more" + 6 subjects + 1 "more" each, at most.
      expect(g.nodes.length).toBeLessThanOrEqual(40 * 18);
    }
    for (const sa of world.serviceAccounts.slice(0, 20)) {
      const g = buildRbacGraph(big, { kind: 'subject', subject: { kind: 'ServiceAccount', ...sa } });
      expect(g.nodes.filter((n) => n.kind === 'binding').length).toBeLessThanOrEqual(40);
    }
    const many = indexOf({
      clusterRoles: [
        clusterRole(
          'r',
          Array.from({ length: 30 }, (_, i) => ({ verbs: ['get'], apiGroups: [''], resources: [`r${i}`] })),
        ),
      ],
      clusterRoleBindings: Array.from({ length: 100 }, (_, i) =>
        clusterRoleBinding(`b${i}`, { kind: 'ClusterRole', name: 'r' }, [saSubject('sa', 'x')]),
      ),
    });
    const g = buildRbacGraph(many, {
      kind: 'subject',
      subject: { kind: 'ServiceAccount', namespace: 'x', name: 'sa' },
    });
    expect(g.nodes.filter((n) => n.kind === 'binding')).toHaveLength(40);
    expect(g.nodes.filter((n) => n.kind === 'rule')).toHaveLength(8);
    expect(
      g.nodes
        .filter((n) => n.kind === 'more')
        .map((n) => n.label)
        .sort(),
    ).toEqual(['+22 more rules', '+60 more bindings']);
    expect(g.omitted).toBe(82);
  });
});

describe('neighbours', () => {
  it('lists outgoing and incoming nodes per node', () => {
    const n = neighbours({
      edges: [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'c' },
        { from: 'c', to: 'b' },
      ],
    });
    expect(n.out.get('a')).toEqual(['b', 'c']);
    expect(n.in.get('b')).toEqual(['a', 'c']);
  });
});
