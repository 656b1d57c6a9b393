import { describe, expect, it } from 'vitest';
import {
  buildBindingsModel,
  CLUSTER_SCOPE,
  emptyFilter,
  filterBindings,
  filterFromQuery,
  filterToQuery,
  pageAfter,
  parseBindingsCursor,
  parseResourceFilter,
  rulesGrant,
  rowFilter,
  rulesWithSources,
  sameRow,
} from './bindings';
import { buildRbacIndex } from './rbac-index';
import type { Binding, Role } from './types';

const crb = (
  name: string,
  roleName: string,
  subjects: Binding['subjects'],
  roleKind: 'Role' | 'ClusterRole' = 'ClusterRole',
): Binding => ({
  kind: 'ClusterRoleBinding',
  name,
  roleRef: { kind: roleKind, name: roleName },
  subjects,
});
const rb = (
  ns: string,
  name: string,
  roleKind: 'Role' | 'ClusterRole',
  roleName: string,
  subjects: Binding['subjects'],
): Binding => ({
  kind: 'RoleBinding',
  name,
  namespace: ns,
  roleRef: { kind: roleKind, name: roleName },
  subjects,
});

const podReader: Role = {
  kind: 'ClusterRole',
  name: 'pod-reader',
  rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] }],
};
const deployer: Role = {
  kind: 'Role',
  name: 'deployer',
  namespace: 'apps',
  rules: [{ verbs: ['*'], apiGroups: ['apps'], resources: ['deployments'] }],
};
const urls: Role = {
  kind: 'ClusterRole',
  name: 'metrics',
  rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }],
};

const index = buildRbacIndex({
  roles: [deployer],
  clusterRoles: [podReader, urls],
  clusterRoleBindings: [
    crb('viewers', 'pod-reader', [{ kind: 'Group', name: 'viewers' }]),
    crb('scrape', 'metrics', [{ kind: 'User', name: 'prometheus' }]),
    crb('to-a-role', 'deployer', [{ kind: 'User', name: 'alice' }], 'Role'),
  ],
  roleBindings: [
    rb('apps', 'deploy', 'Role', 'deployer', [{ kind: 'ServiceAccount', name: 'ci' }]),
    rb('apps', 'read-pods', 'ClusterRole', 'pod-reader', [
      { kind: 'ServiceAccount', name: 'viewer', namespace: 'default' },
    ]),
    rb('web', 'gone', 'ClusterRole', 'no-such-role', [{ kind: 'User', name: 'bob' }]),
  ],
});
const model = buildBindingsModel(
  index,
  new Map([['RoleBinding:apps/deploy', ['ServiceAccount apps/ci does not exist']]]),
);
const names = (f: Partial<typeof emptyFilter>) =>
  filterBindings(model, { ...emptyFilter, ...f }).map((r) => r.name);

describe('buildBindingsModel', () => {
  it('lists ClusterRoleBindings first, then RoleBindings by namespace and name', () => {
    expect(model.rows.map((r) => `${r.ns}/${r.name}`)).toEqual([
      '/scrape',
      '/to-a-role',
      '/viewers',
      'apps/deploy',
      'apps/read-pods',
      'web/gone',
    ]);
    expect(model.namespaces).toEqual(['apps', 'web']);
    expect(model.roleCount).toBe(1);
    expect(model.clusterRoleCount).toBe(2);
  });
  it('marks a missing role, a Role under a ClusterRoleBinding, and missing subjects as dangling', () => {
    const by = Object.fromEntries(model.rows.map((r) => [r.name, r]));
    expect(by.gone?.dangling).toEqual(['ClusterRole no-such-role does not exist']);
    expect(by['to-a-role']?.dangling?.[0]).toContain('ClusterRoleBinding can never resolve');
    expect(by.deploy?.dangling).toEqual(['ServiceAccount apps/ci does not exist']);
    // Near miss: a RoleBinding to a ClusterRole resolves the ClusterRole by name.
    expect(by['read-pods']?.dangling).toBeUndefined();
    expect(by['read-pods']?.role).toBe('ClusterRole:pod-reader');
  });
  it('names a ServiceAccount subject with its defaulted namespace', () => {
    const by = Object.fromEntries(model.rows.map((r) => [r.name, r]));
    expect(by.deploy?.subjects).toEqual(['ServiceAccount:apps/ci']);
    expect(by['read-pods']?.subjects).toEqual(['ServiceAccount:default/viewer']);
  });
});

describe('filterBindings', () => {
  it('filters by namespace, or by cluster scope', () => {
    expect(names({ ns: 'apps' })).toEqual(['deploy', 'read-pods']);
    expect(names({ ns: CLUSTER_SCOPE })).toEqual(['scrape', 'to-a-role', 'viewers']);
    expect(names({ ns: 'app' })).toEqual([]);
  });
  it('filters by subject kind and name, ServiceAccounts also by namespace/name', () => {
    expect(names({ subjectKind: 'ServiceAccount', subject: 'default/viewer' })).toEqual(['read-pods']);
    expect(names({ subject: 'VIEWER' })).toEqual(['viewers', 'read-pods']);
    expect(names({ subjectKind: 'Group', subject: 'viewer' })).toEqual(['viewers']);
    // Near miss: the kind prefix is not part of the name.
    expect(names({ subject: 'Group' })).toEqual([]);
    expect(names({ subjectKind: 'User' })).toEqual(['scrape', 'to-a-role', 'gone']);
  });
  it('filters by role name and dangling', () => {
    expect(names({ role: 'pod' })).toEqual(['viewers', 'read-pods']);
    expect(names({ danglingOnly: true })).toEqual(['to-a-role', 'deploy', 'gone']);
  });
  it('keeps a binding whose role grants the verb on the resource, wildcards included', () => {
    expect(names({ verb: 'list', resource: 'pods' })).toEqual(['viewers', 'read-pods']);
    expect(names({ verb: 'get', resource: 'pods/log' })).toEqual(['viewers', 'read-pods']);
    expect(names({ verb: 'delete', resource: 'deployments' })).toEqual(['deploy']);
    expect(names({ resource: 'deployments.apps' })).toEqual(['deploy']);
    // Near misses: wrong verb, wrong group, a subresource not listed, a non-resource rule, a missing role.
    expect(names({ verb: 'delete', resource: 'pods' })).toEqual([]);
    expect(names({ resource: 'deployments.extensions' })).toEqual([]);
    expect(names({ verb: 'get', resource: 'pods/exec' })).toEqual([]);
    expect(names({ verb: 'get', resource: 'metrics' })).toEqual([]);
    expect(names({ verb: 'get' })).toEqual(['viewers', 'deploy', 'read-pods']);
  });
  it('combines filters', () => {
    expect(names({ ns: 'apps', verb: 'list', resource: 'pods', subjectKind: 'ServiceAccount' })).toEqual([
      'read-pods',
    ]);
  });
});

describe('rowFilter', () => {
  const kept = (f: Partial<typeof emptyFilter>) =>
    model.rows.filter(rowFilter({ ...emptyFilter, ...f })).map((r) => r.name);
  it('keeps what filterBindings keeps for every filter but the grant ones', () => {
    for (const f of [
      { ns: 'apps' },
      { ns: CLUSTER_SCOPE, subjectKind: 'User' as const },
      { subject: 'VIEWER' },
      { role: 'pod', danglingOnly: true },
      { ns: 'web', danglingOnly: true },
    ]) {
      expect(kept(f)).toEqual(names(f));
    }
  });
  it("ignores verb and resource, which need the roles' rules", () => {
    expect(kept({ verb: 'delete', resource: 'pods' })).toEqual(model.rows.map((r) => r.name));
    expect(names({ verb: 'delete', resource: 'pods' })).toEqual([]);
  });
});

describe('rulesGrant and parseResourceFilter', () => {
  it('parses resource, subresource and group', () => {
    expect(parseResourceFilter(' Deployments.apps/scale ')).toEqual({
      resource: 'deployments',
      subresource: 'scale',
      group: 'apps',
    });
    expect(parseResourceFilter('pods.')).toEqual({ resource: 'pods', group: '' });
  });
  it('honours */subresource and * entries', () => {
    expect(rulesGrant([{ v: ['get'], g: ['*'], r: ['*/status'] }], 'get', 'nodes/status')).toBe(true);
    expect(rulesGrant([{ v: ['get'], g: ['*'], r: ['*/status'] }], 'get', 'nodes')).toBe(false);
    expect(
      rulesGrant([{ v: ['*'], g: ['*'], r: ['*'] }], 'escalate', 'roles.rbac.authorization.k8s.io'),
    ).toBe(true);
  });
});

describe('filter URL round trip', () => {
  it('reads what it writes and ignores junk', () => {
    const f = {
      ...emptyFilter,
      ns: 'apps',
      subjectKind: 'ServiceAccount' as const,
      verb: 'list',
      danglingOnly: true,
    };
    const q = filterToQuery(f);
    expect(q).toBe('namespace=apps&subjectKind=ServiceAccount&grantVerb=list&dangling=1');
    expect(filterFromQuery(Object.fromEntries(new URLSearchParams(q)))).toEqual(f);
    expect(filterFromQuery({ subjectKind: 'Robot', dangling: 'yes', role: ['a', 'b'] })).toEqual(emptyFilter);
    expect(filterToQuery(emptyFilter)).toBe('');
  });
});

describe('rulesWithSources', () => {
  const a: Role = {
    kind: 'ClusterRole',
    name: 'a',
    labels: { agg: 'x' },
    rules: [{ verbs: ['get'], resources: ['pods'] }],
  };
  const b: Role = {
    kind: 'ClusterRole',
    name: 'b',
    labels: { agg: 'x' },
    rules: [
      { verbs: ['get'], resources: ['pods'] },
      { verbs: ['list'], resources: ['nodes'] },
    ],
  };
  const other: Role = {
    kind: 'ClusterRole',
    name: 'c',
    labels: { agg: 'y' },
    rules: [{ verbs: ['list'], resources: ['nodes'] }],
  };
  const agg: Role = {
    kind: 'ClusterRole',
    name: 'agg',
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'x' } }] },
    rules: [
      { verbs: ['get'], resources: ['pods'] },
      { verbs: ['list'], resources: ['nodes'] },
      { verbs: ['watch'], resources: ['pods'] },
    ],
  };
  it('names every selected ClusterRole holding an equal rule, and none for a rule no source holds', () => {
    expect(rulesWithSources(agg, [a, b, other, agg]).map((r) => r.from)).toEqual([['a', 'b'], ['b'], []]);
  });
  it('a role without an aggregation rule has only its own rules', () => {
    expect(rulesWithSources(b, [a, b, other]).map((r) => r.from)).toEqual([[], []]);
  });
});

describe('keyset paging', () => {
  const all = model.rows.map((r) => `${r.ns}/${r.name}`);
  it('walks every row once in model order, whatever the page size', () => {
    for (const limit of [1, 2, 4, 6, 50]) {
      const seen: string[] = [];
      let after: { ns: string; name: string } | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = pageAfter(model.rows, limit, after);
        seen.push(...page.items.map((r) => `${r.ns}/${r.name}`));
        if (!page.continue) break;
        after = parseBindingsCursor(page.continue);
      }
      expect(seen, `limit ${limit}`).toEqual(all);
    }
  });
  it('continues after the cursor even when that row is gone, and has no token on the last page', () => {
    const first = pageAfter(model.rows, 2);
    expect(first.continue).toBe('/to-a-role');
    const withoutIt = model.rows.filter((r) => r.name !== 'to-a-role');
    expect(
      pageAfter(withoutIt, 2, parseBindingsCursor(first.continue ?? '')).items.map((r) => r.name),
    ).toEqual(['viewers', 'deploy']);
    expect(pageAfter(model.rows, 6).continue).toBeUndefined();
  });
  it('reads only its own tokens', () => {
    expect(parseBindingsCursor('apps/deploy')).toEqual({ ns: 'apps', name: 'deploy' });
    expect(parseBindingsCursor('/viewers')).toEqual({ ns: '', name: 'viewers' });
    for (const bad of ['', 'no-slash', 'a/b/c', 'apps/'])
      expect(parseBindingsCursor(bad), bad).toBeUndefined();
  });
});

describe('sameRow', () => {
  const row = {
    kind: 'RoleBinding' as const,
    ns: 'a',
    name: 'b',
    roleKind: 'Role' as const,
    roleName: 'r',
    role: 'Role/a/r',
    subjects: ['User:alice', 'ServiceAccount:a/x'],
  };
  it('is true for a copy with equal content (a server answer for a row already shown)', () => {
    expect(sameRow(row, structuredClone(row))).toBe(true);
    expect(sameRow({ ...row, dangling: ['gone'] }, { ...row, dangling: ['gone'] })).toBe(true);
  });
  it('is false when anything shown differs', () => {
    expect(sameRow(row, { ...row, subjects: ['User:alice'] })).toBe(false);
    expect(sameRow(row, { ...row, subjects: ['User:alice', 'ServiceAccount:a/y'] })).toBe(false);
    expect(sameRow(row, { ...row, dangling: ['role missing'] })).toBe(false);
    expect(sameRow(row, { ...row, roleName: 's' })).toBe(false);
    const { role: _role, ...missing } = row;
    expect(sameRow(row, missing)).toBe(false);
  });
});
