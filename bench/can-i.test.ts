import { describe, expect, it } from 'vitest';
import { compareRules, parseCanIList, rulesInNamespace } from './can-i.mjs';

// As kubectl v1.32 prints it (tabwriter, one resource and group per row, verbs compacted).
const table = [
  'Resources                                       Non-Resource URLs                      Resource Names   Verbs',
  'pods                                            []                                     []               [get list watch]',
  'deployments.apps/scale                          []                                     []               [patch]',
  'secrets                                         []                                     [db-password]    [get]',
  '*.*                                             []                                     []               [list]',
  'roles.rbac.authorization.k8s.io                 []                                     []               [*]',
  '                                                [/api/*]                               []               [get]',
  '                                                [/healthz]                             []               [get]',
  '',
].join('\n');

describe('parseCanIList', () => {
  it('reads resources, groups, subresources, names and non-resource URLs', () => {
    expect(parseCanIList(table)).toEqual([
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments/scale'] },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['db-password'] },
      { verbs: ['list'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] },
      { verbs: ['get'], apiGroups: [], resources: [], nonResourceURLs: ['/api/*'] },
      { verbs: ['get'], apiGroups: [], resources: [], nonResourceURLs: ['/healthz'] },
    ]);
  });

  it('refuses text that is not the table', () => {
    expect(() => parseCanIList('error: You must be logged in to the server (Unauthorized)')).toThrow(
      /not a `kubectl auth can-i --list` table/,
    );
  });
});

describe('compareRules', () => {
  const kubectl = parseCanIList(table);

  it('finds the same rules written differently equal (merged lists, wildcards)', () => {
    const ours = [
      { verbs: ['watch', 'get', 'list'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments/scale'] },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['db-password'] },
      { verbs: ['list'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] },
      { verbs: ['get'], apiGroups: [], resources: [], nonResourceURLs: ['/healthz', '/api/*'] },
    ];
    const r = compareRules(kubectl, ours);
    expect(r.probes).toBeGreaterThan(100);
    expect(r.differences).toBe(0);
  });

  it('finds a missing verb, a widened name and a missing URL', () => {
    const ours = [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments/scale'] },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'] },
      { verbs: ['list'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] },
      { verbs: ['get'], apiGroups: [], resources: [], nonResourceURLs: ['/healthz'] },
    ];
    const r = compareRules(kubectl, ours);
    expect(r.differences).toBeGreaterThan(0);
    expect(r.differing).toContainEqual({
      verb: 'watch',
      group: '',
      resource: 'pods',
      name: undefined,
      first: true,
      second: false,
    });
    expect(r.differing.some((e) => e.resource === 'secrets' && e.name === undefined && !e.first)).toBe(true);
    expect(r.differing.some((e) => e.url?.startsWith('/api/') && e.first)).toBe(true);
  });
});

describe('rulesInNamespace', () => {
  it('keeps the namespace own rules and the cluster-wide ones, without their sources', () => {
    const effective = [
      { namespace: 'a', verbs: ['get'], apiGroups: [''], resources: ['pods'], grantedBy: [] },
      { namespace: 'b', verbs: ['list'], apiGroups: [''], resources: ['pods'], grantedBy: [] },
      {
        namespace: null,
        verbs: ['get'],
        apiGroups: [],
        resources: [],
        nonResourceURLs: ['/version'],
        grantedBy: [],
      },
    ];
    expect(rulesInNamespace(effective, 'a')).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [], resources: [], nonResourceURLs: ['/version'] },
    ]);
  });
});
