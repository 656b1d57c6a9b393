import { describe, expect, it } from 'vitest';
import {
  clusterRole,
  clusterRoleBinding,
  indexOf,
  role,
  roleBinding,
  saSubject,
} from '@/test/support/rbac/fixtures';
import { accountFindings, analyzeRisk, escalationPath, podStepCommands, type RiskCode } from './risk';
import type { Binding, PolicyRule, Role, Subject } from './types';

const RBAC = 'rbac.authorization.k8s.io';
const SA: Subject = { kind: 'ServiceAccount', namespace: 'a', name: 'sa' };

type Scope = 'cluster' | 'namespace';

/** A world where ServiceAccount a/sa holds `rules` through one binding, namespaced or cluster-wide. */
function worldFor(rules: PolicyRule[], scope: Scope) {
  const ref = { kind: 'ClusterRole', name: 'r' } as const;
  return indexOf({
    clusterRoles: [clusterRole('r', rules)],
    roleBindings: scope === 'namespace' ? [roleBinding('a', 'rb', ref, [saSubject('sa')])] : [],
    clusterRoleBindings: scope === 'cluster' ? [clusterRoleBinding('crb', ref, [saSubject('sa', 'a')])] : [],
  });
}

function codesFor(rules: PolicyRule[], scope: Scope): RiskCode[] {
  const analysis = analyzeRisk(worldFor(rules, scope), [{ namespace: 'a', name: 'sa' }]);
  return accountFindings(analysis, SA).map((f) => f.code);
}

interface Case {
  code: RiskCode;
  trigger: { rules: PolicyRule[]; scope: Scope };
  nearMisses: { why: string; rules: PolicyRule[]; scope: Scope }[];
}

const CASES: Case[] = [
  {
    code: 'mint-tokens',
    trigger: {
      scope: 'namespace',
      rules: [{ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] }],
    },
    nearMisses: [
      {
        why: 'read-only verb',
        scope: 'namespace',
        rules: [{ verbs: ['get'], apiGroups: [''], resources: ['serviceaccounts/token'] }],
      },
      {
        why: 'the ServiceAccount itself, not the subresource',
        scope: 'namespace',
        rules: [{ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts'] }],
      },
      {
        why: 'wrong group',
        scope: 'namespace',
        rules: [{ verbs: ['create'], apiGroups: ['apps'], resources: ['serviceaccounts/token'] }],
      },
    ],
  },
  {
    code: 'impersonate',
    trigger: {
      scope: 'cluster',
      rules: [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }],
    },
    nearMisses: [
      {
        why: 'users are impersonated cluster-wide, a RoleBinding never grants it',
        scope: 'namespace',
        rules: [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users', 'groups'] }],
      },
      {
        why: 'wrong group',
        scope: 'cluster',
        rules: [{ verbs: ['impersonate'], apiGroups: ['apps'], resources: ['users'] }],
      },
    ],
  },
  {
    code: 'escalate-or-bind',
    trigger: {
      scope: 'namespace',
      rules: [{ verbs: ['bind'], apiGroups: [RBAC], resources: ['clusterroles'] }],
    },
    nearMisses: [
      {
        why: 'plain update',
        scope: 'namespace',
        rules: [{ verbs: ['update'], apiGroups: [RBAC], resources: ['roles'] }],
      },
      {
        why: 'wrong group',
        scope: 'namespace',
        rules: [{ verbs: ['escalate'], apiGroups: [''], resources: ['roles'] }],
      },
    ],
  },
  {
    code: 'read-secrets',
    trigger: {
      scope: 'namespace',
      rules: [{ verbs: ['list'], apiGroups: [''], resources: ['secrets'] }],
    },
    nearMisses: [
      {
        why: 'write-only verbs',
        scope: 'namespace',
        rules: [{ verbs: ['delete'], apiGroups: [''], resources: ['secrets'] }],
      },
      {
        why: 'configmaps',
        scope: 'namespace',
        rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }],
      },
    ],
  },
  {
    code: 'create-workloads',
    trigger: {
      scope: 'namespace',
      rules: [{ verbs: ['create'], apiGroups: ['batch'], resources: ['jobs'] }],
    },
    nearMisses: [
      {
        why: 'resourceNames-restricted: create carries no name',
        scope: 'namespace',
        rules: [{ verbs: ['create'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] }],
      },
      {
        why: 'read-only verbs',
        scope: 'namespace',
        rules: [{ verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'] }],
      },
    ],
  },
  {
    code: 'exec-pods',
    trigger: {
      scope: 'namespace',
      rules: [{ verbs: ['create'], apiGroups: [''], resources: ['pods/portforward'] }],
    },
    nearMisses: [
      {
        why: 'get on exec (refused since 1.35)',
        scope: 'namespace',
        rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods/exec'] }],
      },
      {
        why: 'pods/log',
        scope: 'namespace',
        rules: [{ verbs: ['create', 'get'], apiGroups: [''], resources: ['pods/log'] }],
      },
    ],
  },
  {
    code: 'nodes-proxy',
    trigger: {
      scope: 'cluster',
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] }],
    },
    nearMisses: [
      {
        why: 'nodes are cluster-scoped: a RoleBinding never grants them',
        scope: 'namespace',
        rules: [{ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] }],
      },
      {
        why: 'nodes/stats',
        scope: 'cluster',
        rules: [{ verbs: ['get'], apiGroups: [''], resources: ['nodes/stats'] }],
      },
    ],
  },
  {
    code: 'approve-csr',
    trigger: {
      scope: 'cluster',
      rules: [
        {
          verbs: ['update'],
          apiGroups: ['certificates.k8s.io'],
          resources: ['certificatesigningrequests/approval'],
        },
        { verbs: ['approve'], apiGroups: ['certificates.k8s.io'], resources: ['signers'] },
      ],
    },
    nearMisses: [
      {
        why: 'reading CSRs',
        scope: 'cluster',
        rules: [
          {
            verbs: ['get', 'list'],
            apiGroups: ['certificates.k8s.io'],
            resources: ['certificatesigningrequests'],
          },
        ],
      },
      {
        why: 'wrong group',
        scope: 'cluster',
        rules: [{ verbs: ['approve'], apiGroups: [''], resources: ['signers'] }],
      },
    ],
  },
  {
    code: 'mutate-webhooks',
    trigger: {
      scope: 'cluster',
      rules: [
        {
          verbs: ['patch'],
          apiGroups: ['admissionregistration.k8s.io'],
          resources: ['mutatingwebhookconfigurations'],
        },
      ],
    },
    nearMisses: [
      {
        why: 'read-only',
        scope: 'cluster',
        rules: [
          {
            verbs: ['get', 'list', 'watch'],
            apiGroups: ['admissionregistration.k8s.io'],
            resources: ['validatingwebhookconfigurations'],
          },
        ],
      },
      {
        why: 'cluster-scoped: a RoleBinding never grants it',
        scope: 'namespace',
        rules: [
          {
            verbs: ['patch'],
            apiGroups: ['admissionregistration.k8s.io'],
            resources: ['mutatingwebhookconfigurations'],
          },
        ],
      },
    ],
  },
  {
    code: 'wildcard',
    trigger: { scope: 'namespace', rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] },
    nearMisses: [
      {
        why: 'one group only',
        scope: 'namespace',
        rules: [{ verbs: ['*'], apiGroups: ['apps'], resources: ['*'] }],
      },
    ],
  },
  {
    code: 'wildcard-partial',
    trigger: { scope: 'namespace', rules: [{ verbs: ['*'], apiGroups: [''], resources: ['configmaps'] }] },
    nearMisses: [
      {
        why: 'listed verbs and resources',
        scope: 'namespace',
        rules: [{ verbs: ['get', 'list'], apiGroups: ['*'], resources: ['configmaps'] }],
      },
    ],
  },
];

describe('risk rules: every rule has a world that triggers it and near misses that do not', () => {
  for (const c of CASES) {
    it(`${c.code}: triggers`, () => {
      expect(codesFor(c.trigger.rules, c.trigger.scope)).toContain(c.code);
    });
    for (const miss of c.nearMisses) {
      it(`${c.code}: not for ${miss.why}`, () => {
        expect(codesFor(miss.rules, miss.scope)).not.toContain(c.code);
      });
    }
  }

  it('names the exact grant and a concrete request for every finding', () => {
    const analysis = analyzeRisk(
      worldFor(
        [{ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['b'] }],
        'namespace',
      ),
      [{ namespace: 'a', name: 'sa' }],
    );
    const [f] = accountFindings(analysis, SA);
    expect(f).toMatchObject({
      code: 'mint-tokens',
      severity: 'high',
      namespace: 'a',
      grant: {
        binding: { kind: 'RoleBinding', name: 'rb', namespace: 'a' },
        role: { kind: 'ClusterRole', name: 'r' },
      },
      claim: { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'a', name: 'b' },
    });
    expect(f?.grant.rule.resourceNames).toEqual(['b']);
  });

  it('marks grants that make their holder cluster-admin-equivalent critical', () => {
    const analysis = analyzeRisk(
      worldFor([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], 'cluster'),
      [{ namespace: 'a', name: 'sa' }],
    );
    expect(accountFindings(analysis, SA).find((f) => f.code === 'wildcard')?.severity).toBe('critical');
    const namespaced = analyzeRisk(
      worldFor([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], 'namespace'),
      [{ namespace: 'a', name: 'sa' }],
    );
    expect(accountFindings(namespaced, SA).find((f) => f.code === 'wildcard')?.severity).toBe('high');
  });

  it('lists findings of users and groups too', () => {
    const ref = { kind: 'ClusterRole', name: 'r' } as const;
    const index = indexOf({
      clusterRoles: [clusterRole('r', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }])],
      clusterRoleBindings: [
        clusterRoleBinding('crb', ref, [
          { kind: 'User', name: 'alice', apiGroup: RBAC },
          { kind: 'Group', name: 'ops', apiGroup: RBAC },
        ]),
      ],
    });
    const subjects = analyzeRisk(index, []).findings.map((f) => `${f.subject.kind}:${f.subject.name}`);
    expect(subjects.sort()).toEqual(['Group:ops', 'User:alice']);
  });
});

// run-as-more-privileged needs two accounts: the pod creator and one that holds more in the namespace.
describe('run-as-more-privileged', () => {
  const creator: PolicyRule = { verbs: ['create'], apiGroups: [''], resources: ['pods'] };
  const secrets: PolicyRule = { verbs: ['list'], apiGroups: [''], resources: ['secrets'] };
  function world(targetNamespace: string, targetRules: PolicyRule[]) {
    return indexOf({
      roles: [role('a', 'creator', [creator]), role(targetNamespace, 'strong', targetRules)],
      roleBindings: [
        roleBinding('a', 'creator', { kind: 'Role', name: 'creator' }, [saSubject('sa')]),
        roleBinding(targetNamespace, 'strong', { kind: 'Role', name: 'strong' }, [saSubject('boss')]),
      ],
    });
  }
  const accounts = (ns: string) => [
    { namespace: 'a', name: 'sa' },
    { namespace: ns, name: 'boss' },
  ];

  it('triggers when a more privileged ServiceAccount lives in the namespace', () => {
    const found = accountFindings(analyzeRisk(world('a', [secrets]), accounts('a')), SA).find(
      (f) => f.code === 'run-as-more-privileged',
    );
    expect(found).toMatchObject({ severity: 'high', target: { namespace: 'a', name: 'boss' } });
    expect(found?.claim).toEqual({ verb: 'create', group: '', resource: 'pods', namespace: 'a' });
  });

  it('not when the privileged account lives in another namespace', () => {
    const codes = accountFindings(analyzeRisk(world('b', [secrets]), accounts('b')), SA).map((f) => f.code);
    expect(codes).toContain('create-workloads');
    expect(codes).not.toContain('run-as-more-privileged');
  });

  it('not when the namespace’s accounts hold no more than the creator', () => {
    const weak = [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }];
    const codes = accountFindings(analyzeRisk(world('a', weak), accounts('a')), SA).map((f) => f.code);
    expect(codes).not.toContain('run-as-more-privileged');
  });

  it('not when the account does not exist (only bound)', () => {
    const codes = accountFindings(
      analyzeRisk(world('a', [secrets]), [{ namespace: 'a', name: 'sa' }]),
      SA,
    ).map((f) => f.code);
    expect(codes).not.toContain('run-as-more-privileged');
  });
});

describe('escalation paths', () => {
  // The ServiceAccounts that exist; only they can be minted for or run as.
  const EXISTING = [
    { namespace: 'a', name: 'sa' },
    { namespace: 'ops', name: 'boss' },
  ];
  const admin = clusterRole('admin-like', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
  const mint = (names?: string[]): Role =>
    clusterRole(`mint${names ? `-${names.join('-')}` : ''}`, [
      {
        verbs: ['create'],
        apiGroups: [''],
        resources: ['serviceaccounts/token'],
        ...(names ? { resourceNames: names } : {}),
      },
    ]);
  const toAdmin: Binding = clusterRoleBinding('boss-admin', { kind: 'ClusterRole', name: 'admin-like' }, [
    saSubject('boss', 'ops'),
  ]);

  it('finds a one-step mint path and names the permission used', () => {
    const index = indexOf({
      clusterRoles: [admin, mint(['boss'])],
      clusterRoleBindings: [toAdmin],
      roleBindings: [
        roleBinding('ops', 'm', { kind: 'ClusterRole', name: 'mint-boss' }, [saSubject('sa', 'a')]),
      ],
    });
    const path = escalationPath(analyzeRisk(index, EXISTING), SA);
    expect(path?.steps).toHaveLength(1);
    expect(path?.steps[0]).toMatchObject({
      kind: 'mint',
      to: { kind: 'ServiceAccount', namespace: 'ops', name: 'boss' },
      claim: {
        verb: 'create',
        resource: 'serviceaccounts',
        subresource: 'token',
        namespace: 'ops',
        name: 'boss',
      },
      grant: { binding: { kind: 'RoleBinding', name: 'm', namespace: 'ops' } },
    });
    expect(path?.steps[0]?.text).toContain('mint a token for ServiceAccount ops/boss');
    expect(path?.steps[0]?.text).toContain('RoleBinding ops/m → ClusterRole mint-boss');
    expect(path?.admin.text).toContain('* on *');
  });

  it('finds none when the admin account the mint names does not exist', () => {
    const index = indexOf({
      clusterRoles: [admin, mint(['boss'])],
      clusterRoleBindings: [toAdmin],
      roleBindings: [
        roleBinding('ops', 'm', { kind: 'ClusterRole', name: 'mint-boss' }, [saSubject('sa', 'a')]),
      ],
    });
    expect(escalationPath(analyzeRisk(index, [{ namespace: 'a', name: 'sa' }]), SA)).toBeUndefined();
  });

  it('finds multi-step paths through a pod and a mint, and picks the shortest', () => {
    const index = indexOf({
      clusterRoles: [
        admin,
        mint(),
        mint(['boss']),
        clusterRole('pods', [{ verbs: ['create'], apiGroups: [''], resources: ['pods'] }]),
      ],
      clusterRoleBindings: [toAdmin],
      roleBindings: [
        // a/sa creates pods in b, where b/minter may mint for ops/boss: two steps.
        roleBinding('b', 'p', { kind: 'ClusterRole', name: 'pods' }, [saSubject('sa', 'a')]),
        roleBinding('ops', 'm', { kind: 'ClusterRole', name: 'mint-boss' }, [saSubject('minter', 'b')]),
        // A longer detour: a/sa mints for c/x, c/x mints for b/minter.
        roleBinding('c', 'mx', { kind: 'ClusterRole', name: 'mint' }, [saSubject('sa', 'a')]),
        roleBinding('b', 'my', { kind: 'ClusterRole', name: 'mint' }, [saSubject('x', 'c')]),
      ],
    });
    const analysis = analyzeRisk(index, [
      ...EXISTING,
      { namespace: 'b', name: 'minter' },
      { namespace: 'c', name: 'x' },
    ]);
    const path = escalationPath(analysis, SA);
    expect(path?.steps.map((s) => s.kind)).toEqual(['pod', 'mint']);
    expect(path?.steps[0]?.to).toMatchObject({ namespace: 'b', name: 'minter' });
    expect(path?.steps[0]?.text).toContain('create a pod as ServiceAccount b/minter in namespace b');
    expect(podStepCommands(path?.steps[0] as never).join('\n')).toContain('serviceAccountName');
    expect(
      escalationPath(analysis, { kind: 'ServiceAccount', namespace: 'c', name: 'x' })?.steps.length,
    ).toBe(2);
  });

  it('finds none when the mint is limited to another name or the account holds nothing', () => {
    const index = indexOf({
      clusterRoles: [admin, mint(['someone-else'])],
      clusterRoleBindings: [toAdmin],
      roleBindings: [
        roleBinding('ops', 'm', { kind: 'ClusterRole', name: 'mint-someone-else' }, [saSubject('sa', 'a')]),
      ],
    });
    const analysis = analyzeRisk(index, EXISTING);
    expect(escalationPath(analysis, SA)).toBeUndefined();
    expect(
      escalationPath(analysis, { kind: 'ServiceAccount', namespace: 'z', name: 'nobody' }),
    ).toBeUndefined();
    expect(
      escalationPath(analysis, { kind: 'ServiceAccount', namespace: 'ops', name: 'boss' })?.steps,
    ).toEqual([]);
  });

  it('follows grants held through the ServiceAccount groups and impersonation', () => {
    const index = indexOf({
      clusterRoles: [
        admin,
        clusterRole('imp', [{ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] }]),
      ],
      clusterRoleBindings: [toAdmin],
      roleBindings: [
        roleBinding('ops', 'i', { kind: 'ClusterRole', name: 'imp' }, [
          { kind: 'Group', apiGroup: RBAC, name: 'system:serviceaccounts:a' },
        ]),
      ],
    });
    const path = escalationPath(analyzeRisk(index, EXISTING), SA);
    expect(path?.steps[0]).toMatchObject({
      kind: 'impersonate',
      via: { kind: 'Group', name: 'system:serviceaccounts:a' },
    });
  });

  it('counts bind cluster-admin plus create clusterrolebindings, and group impersonation, as admin', () => {
    const bindRoles = clusterRole('binder', [
      { verbs: ['bind'], apiGroups: [RBAC], resources: ['clusterroles'], resourceNames: ['cluster-admin'] },
      { verbs: ['create'], apiGroups: [RBAC], resources: ['clusterrolebindings'] },
    ]);
    const onlyBind = clusterRole('only-bind', [
      { verbs: ['bind'], apiGroups: [RBAC], resources: ['clusterroles'] },
    ]);
    const groups = clusterRole('groups', [
      { verbs: ['impersonate'], apiGroups: [''], resources: ['groups'] },
    ]);
    const bound = (role: string) =>
      indexOf({
        clusterRoles: [bindRoles, onlyBind, groups],
        clusterRoleBindings: [
          clusterRoleBinding('x', { kind: 'ClusterRole', name: role }, [saSubject('sa', 'a')]),
        ],
      });
    expect(escalationPath(analyzeRisk(bound('binder'), EXISTING), SA)?.admin.grants).toHaveLength(2);
    expect(escalationPath(analyzeRisk(bound('groups'), EXISTING), SA)?.admin.claims[0]?.name).toBe(
      'system:masters',
    );
    expect(escalationPath(analyzeRisk(bound('only-bind'), EXISTING), SA)).toBeUndefined();
  });
});
