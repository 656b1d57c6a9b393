import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { UsedRequest } from '@/lib/contracts/least-privilege';
import {
  copyName,
  grantUse,
  minimalRules,
  unusedProbes,
  propose,
  proposeRoles,
  unusedGrants,
} from './least-privilege';
import type { EffectiveRule } from './permissions';

function use(over: Partial<UsedRequest>): UsedRequest {
  return {
    verb: 'get',
    group: '',
    version: 'v1',
    resource: 'pods',
    subresource: '',
    namespace: 'demo',
    name: null,
    path: null,
    count: 1,
    lastSeen: '2026-12-02T10:00:00.000Z',
    codes: { '200': 1 },
    denied: false,
    ...over,
  };
}
const sa = { namespace: 'demo', name: 'viewer' };
const grant = (over: Partial<EffectiveRule>): EffectiveRule => ({
  namespace: null,
  apiGroups: [''],
  resources: ['pods'],
  verbs: ['*'],
  grantedBy: [
    {
      binding: { kind: 'ClusterRoleBinding', name: 'b' },
      role: { kind: 'ClusterRole', name: 'r' },
      subject: { kind: 'ServiceAccount', name: 'viewer', namespace: 'demo' },
    },
  ],
  ...over,
});

describe('minimalRules', () => {
  it('uses resourceNames for few named reads, and an open rule for list', () => {
    const rules = minimalRules([
      use({ verb: 'list' }),
      use({ name: 'a' }),
      use({ name: 'b' }),
      use({ verb: 'get', subresource: 'log', name: 'a' }),
    ]);
    expect(rules).toEqual([
      { apiGroups: [''], resources: ['pods'], resourceNames: ['a', 'b'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods/log'], resourceNames: ['a'], verbs: ['get'] },
    ]);
  });
  it('drops resourceNames above the limit and for verbs also used without a name', () => {
    const many = Array.from({ length: 6 }, (_, i) => use({ name: `p${i}` }));
    expect(minimalRules(many)).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    expect(minimalRules([use({ verb: 'delete', name: 'x' }), use({ verb: 'delete', name: null })])).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
    ]);
  });
  it('never restricts list, watch or create by name', () => {
    expect(
      minimalRules([use({ verb: 'create', resource: 'serviceaccounts', subresource: 'token', name: 'x' })]),
    ).toEqual([{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }]);
  });
  it('grants non-resource URLs by path', () => {
    expect(
      minimalRules([
        use({ path: '/version', resource: '', namespace: null }),
        use({ path: '/healthz', resource: '', namespace: null }),
      ]),
    ).toEqual([{ nonResourceURLs: ['/healthz', '/version'], verbs: ['get'] }]);
  });
});

describe('proposeRoles and the YAML', () => {
  const used = [
    use({ verb: 'list' }),
    use({ verb: 'list', namespace: 'other' }),
    use({ verb: 'list', resource: 'namespaces', namespace: null }),
    use({ verb: 'list', resource: 'secrets', denied: true }),
  ];
  it('makes a namespaced Role per namespace, a ClusterRole for cluster-wide use, nothing for denied requests', () => {
    const roles = proposeRoles(sa, used);
    expect(roles.map((r) => [r.kind, r.namespace, r.name])).toEqual([
      ['Role', 'demo', 'viewer-leastpriv'],
      ['Role', 'other', 'viewer-leastpriv'],
      ['ClusterRole', undefined, 'demo-viewer-leastpriv'],
    ]);
    expect(JSON.stringify(roles)).not.toContain('secrets');
  });
  it('writes YAML that parses into the same Roles and bindings to the account', () => {
    const p = propose(sa, used);
    const docs = parseAllDocuments(p.yaml).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual([
      'Role',
      'RoleBinding',
      'Role',
      'RoleBinding',
      'ClusterRole',
      'ClusterRoleBinding',
    ]);
    expect(docs[0].rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]);
    expect(docs[1]).toMatchObject({
      metadata: { name: 'viewer-leastpriv', namespace: 'demo' },
      subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: 'demo' }],
      roleRef: { kind: 'Role', name: 'viewer-leastpriv' },
    });
    expect(docs[4].rules).toEqual([{ apiGroups: [''], resources: ['namespaces'], verbs: ['list'] }]);
  });
  it('says when nothing is needed', () => {
    expect(propose(sa, []).yaml).toMatch(/no Role is needed/);
  });
  it('names the copy within 63 characters', () => {
    expect(copyName('viewer')).toBe('viewer-leastpriv');
    expect(copyName('x'.repeat(63)).length).toBeLessThanOrEqual(63);
  });
});

describe('grantUse', () => {
  it('counts the allowed uses each granted rule covers; denied requests use nothing', () => {
    const rules = [
      grant({}),
      grant({ resources: ['secrets'], verbs: ['get', 'list'] }),
      grant({ namespace: 'other', resources: ['pods'], verbs: ['list'] }),
    ];
    const uses = grantUse(rules, [
      use({ verb: 'list' }),
      use({ name: 'a' }),
      use({ verb: 'list', resource: 'secrets', denied: true }),
    ]);
    expect(uses.map((u) => u.usedBy)).toEqual([2, 0, 0]);
    expect(uses[0]?.grantedBy).toEqual(['ClusterRoleBinding b → ClusterRole r']);
    // The wildcard rule was used (by list and get): nothing of it counts as unused.
    expect(unusedGrants(uses).map((u) => u.unusedParts)).toEqual([
      ['get secrets', 'list secrets'],
      ['list pods'],
    ]);
  });
  it('names the unused verb x resource parts of a partly used rule', () => {
    const [g] = grantUse(
      [
        grant({
          namespace: 'demo',
          resources: ['pods', 'secrets', 'pods/log'],
          verbs: ['get', 'list', 'delete'],
        }),
      ],
      [use({ verb: 'list' }), use({ verb: 'get', name: 'a' })],
    );
    expect(g?.usedBy).toBe(2);
    expect(g?.unusedParts).toEqual([
      'get secrets',
      'get pods/log',
      'list secrets',
      'list pods/log',
      'delete pods',
      'delete secrets',
      'delete pods/log',
    ]);
    const probes = unusedProbes(g ? [g] : []);
    expect(probes).toHaveLength(7);
    expect(probes[4]).toMatchObject({
      description: 'delete pods in demo',
      request: { verb: 'delete', resource: 'pods', subresource: '', namespace: 'demo' },
    });
    expect(probes[1]?.request).toMatchObject({ resource: 'pods', subresource: 'log' });
  });
  it('never counts a grant every account has through a group as unused', () => {
    const viaGroup = grant({
      resources: ['selfsubjectreviews'],
      grantedBy: [
        {
          binding: { kind: 'ClusterRoleBinding', name: 'system:basic-user' },
          role: { kind: 'ClusterRole', name: 'system:basic-user' },
          subject: { kind: 'Group', name: 'system:authenticated' },
        },
      ],
    });
    const [g] = grantUse([viaGroup], []);
    expect(g?.viaGroupOnly).toBe(true);
    expect(unusedGrants(grantUse([viaGroup], []))).toEqual([]);
  });
  it('picks a concrete request for an unused grant, wildcards made typical', () => {
    const [g] = grantUse(
      [grant({ namespace: 'demo', apiGroups: ['*'], resources: ['*'], verbs: ['*'] })],
      [],
    );
    expect(unusedProbes(g ? [g] : [])[0]?.request).toMatchObject({
      verb: 'get',
      group: '',
      resource: 'secrets',
      namespace: 'demo',
      name: null,
    });
  });
});
