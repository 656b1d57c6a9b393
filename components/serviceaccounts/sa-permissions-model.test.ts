import { describe, expect, it } from 'vitest';
import type { EffectiveRuleDto, GrantSourceDto } from '@/lib/contracts/rbac';
import { buildMatrix, isGroupGrant } from './sa-permissions-model';

const direct: GrantSourceDto = {
  binding: { kind: 'ClusterRoleBinding', name: 'crb-viewer' },
  role: { kind: 'ClusterRole', name: 'viewer' },
  subject: { kind: 'ServiceAccount', name: 'sa', namespace: 'default' },
};
const viaGroup: GrantSourceDto = {
  binding: { kind: 'ClusterRoleBinding', name: 'system:discovery' },
  role: { kind: 'ClusterRole', name: 'system:discovery' },
  subject: { kind: 'Group', name: 'system:authenticated' },
};
const rule = (over: Partial<EffectiveRuleDto>): EffectiveRuleDto => ({
  namespace: null,
  apiGroups: [''],
  resources: ['pods'],
  verbs: ['list'],
  grantedBy: [direct],
  ...over,
});

describe('buildMatrix', () => {
  it('expands groups × resources into rows and verbs into columns, naming the grant in each cell', () => {
    const m = buildMatrix(
      [rule({ apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['watch', 'get'] })],
      () => true,
    );
    expect(m.verbs).toEqual(['get', 'watch']);
    expect(m.rows.map((r) => `${r.group}/${r.resource}`)).toEqual([
      '/deployments',
      '/pods',
      'apps/deployments',
      'apps/pods',
    ]);
    expect(m.rows[1]?.cells.get).toEqual([direct]);
  });

  it('merges rules on the same row and dedups grants, keeping resourceNames rows apart', () => {
    const m = buildMatrix(
      [rule({}), rule({ verbs: ['list', 'get'] }), rule({ resourceNames: ['b', 'a'], verbs: ['delete'] })],
      () => true,
    );
    expect(m.rows).toHaveLength(2);
    expect(m.rows[0]?.cells.list).toEqual([direct]);
    expect(m.rows[1]?.resourceNames).toEqual(['a', 'b']);
  });

  it('separates direct from group grants, namespaces after cluster-wide, and non-resource URLs', () => {
    const rules = [
      rule({ grantedBy: [direct, viaGroup] }),
      rule({ namespace: 'dev', verbs: ['create'] }),
      rule({
        apiGroups: [],
        resources: [],
        nonResourceURLs: ['/healthz'],
        verbs: ['get'],
        grantedBy: [viaGroup],
      }),
    ];
    const own = buildMatrix(rules, (g) => !isGroupGrant(g));
    expect(own.rows.map((r) => r.namespace)).toEqual([null, 'dev']);
    expect(own.urlRows).toEqual([]);
    const groups = buildMatrix(rules, isGroupGrant);
    expect(groups.rows.map((r) => r.cells.list)).toEqual([[viaGroup]]);
    expect(groups.urlRows[0]?.cells.get).toEqual([viaGroup]);
    expect(groups.urlVerbs).toEqual(['get']);
  });
});
