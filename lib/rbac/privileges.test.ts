import { describe, expect, it } from 'vitest';
import { clusterRole, clusterRoleBinding, indexOf, roleBinding, saSubject } from '@/test/support/rbac/fixtures';
import { serviceAccountUser } from './identity';
import { privilegeWarnings } from './privileges';
import type { PolicyRule } from './types';

const user = serviceAccountUser('a', 'sa');
const warningsFor = (rules: PolicyRule[], scope: 'cluster' | 'namespace' = 'namespace') => {
  const ref = { kind: 'ClusterRole', name: 'r' } as const;
  const index = indexOf({
    clusterRoles: [clusterRole('r', rules)],
    roleBindings: scope === 'namespace' ? [roleBinding('a', 'rb', ref, [saSubject('sa')])] : [],
    clusterRoleBindings: scope === 'cluster' ? [clusterRoleBinding('crb', ref, [saSubject('sa', 'a')])] : [],
  });
  return privilegeWarnings(index, user);
};
const codes = (rules: PolicyRule[], scope?: 'cluster' | 'namespace') =>
  warningsFor(rules, scope).map((w) => w.code);

describe('privilegeWarnings', () => {
  it('flags token minting and lists restricted names', () => {
    const [w] = warningsFor([
      {
        verbs: ['create'],
        apiGroups: [''],
        resources: ['serviceaccounts/token'],
        resourceNames: ['ci', 'deploy'],
      },
    ]);
    expect(w).toMatchObject({ code: 'mint-tokens', severity: 'high', namespace: 'a' });
    expect(w?.detail).toContain('ci, deploy');
    expect(w?.grantedBy[0]?.binding).toEqual({ kind: 'RoleBinding', name: 'rb', namespace: 'a' });
  });

  it('flags impersonation, with users and groups only cluster-wide', () => {
    const rule: PolicyRule = {
      verbs: ['impersonate'],
      apiGroups: [''],
      resources: ['users', 'groups', 'serviceaccounts'],
    };
    expect(warningsFor([rule], 'cluster')[0]?.detail).toContain('users, groups, serviceaccounts');
    expect(warningsFor([rule], 'namespace')[0]?.detail).toContain('impersonate serviceaccounts');
    expect(codes([{ ...rule, resources: ['users'] }], 'namespace')).toEqual([]);
  });

  it('flags escalate and bind on roles and clusterroles', () => {
    expect(
      codes([{ verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'] }]),
    ).toEqual(['escalate-or-bind']);
    expect(
      codes([{ verbs: ['update'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] }]),
    ).toEqual([]);
  });

  it('flags reading secrets, medium when limited to names', () => {
    expect(warningsFor([{ verbs: ['list'], apiGroups: [''], resources: ['secrets'] }])[0]?.severity).toBe(
      'high',
    );
    expect(
      warningsFor([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['x'] }])[0]
        ?.severity,
    ).toBe('medium');
  });

  it('flags creating pods and workloads, but not with resourceNames', () => {
    expect(codes([{ verbs: ['create'], apiGroups: ['apps'], resources: ['deployments'] }])).toEqual([
      'create-workloads',
    ]);
    expect(codes([{ verbs: ['create'], apiGroups: ['batch'], resources: ['cronjobs'] }])).toEqual([
      'create-workloads',
    ]);
    expect(
      codes([{ verbs: ['create'], apiGroups: [''], resources: ['pods'], resourceNames: ['x'] }]),
    ).toEqual([]);
    expect(codes([{ verbs: ['create'], apiGroups: [''], resources: ['configmaps'] }])).toEqual([]);
  });

  it('flags * on * and everything it implies, high severity first', () => {
    const warnings = warningsFor([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], 'cluster');
    expect(new Set(warnings.map((w) => w.code))).toEqual(
      new Set([
        'mint-tokens',
        'impersonate',
        'escalate-or-bind',
        'read-secrets',
        'create-workloads',
        'exec-pods',
        'nodes-proxy',
        'approve-csr',
        'mutate-webhooks',
        'wildcard',
      ]),
    );
    expect(warnings.every((w) => w.namespace === null)).toBe(true);
    const severities = warnings.map((w) => w.severity);
    expect(severities.indexOf('medium')).toBeGreaterThan(severities.lastIndexOf('high'));
  });

  it('merges warnings of one kind per namespace', () => {
    const warnings = warningsFor([
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'] },
      { verbs: ['watch'], apiGroups: [''], resources: ['secrets'] },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.detail).toContain('get secrets, watch secrets');
  });

  it('is silent for harmless permissions', () => {
    expect(
      codes([{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'configmaps'] }]),
    ).toEqual([]);
  });
});
