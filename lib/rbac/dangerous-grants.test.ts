import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDARD_VERBS } from './catalog';
import { dangerousGrant, type GrantRequest } from './dangerous-grants';
import { ruleCoversAnyName } from './match';
import { minimalRule } from './suggest';

const RUN_CODE = 'would let the grantee run code as a ServiceAccount';

// Written out request by request, independently of the table's rows: each gives a pod's token (or
// another identity) to whoever holds it.
const DANGEROUS: [GrantRequest, string][] = [
  [{ verb: 'create', group: '', resource: 'serviceaccounts', subresource: 'token' }, 'mint tokens'],
  [{ verb: 'impersonate', group: '', resource: 'serviceaccounts' }, 'as someone else'],
  [{ verb: 'impersonate', group: '', resource: 'users' }, 'as someone else'],
  [{ verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'roles' }, 'does not hold'],
  [{ verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }, 'does not hold'],
  [{ verb: 'get', group: '', resource: 'secrets' }, 'read Secrets'],
  [{ verb: 'list', group: '', resource: 'secrets' }, 'read Secrets'],
  [{ verb: 'watch', group: '', resource: 'secrets' }, 'read Secrets'],
  [{ verb: 'create', group: '', resource: 'pods' }, RUN_CODE],
  [{ verb: 'update', group: '', resource: 'pods' }, `${RUN_CODE}: changing a running pod’s image`],
  [{ verb: 'patch', group: '', resource: 'pods' }, `${RUN_CODE}: changing a running pod’s image`],
  ...(['create', 'update', 'patch', 'delete'] as const).map((verb): [GrantRequest, string] => [
    { verb, group: '', resource: 'pods', subresource: 'ephemeralcontainers' },
    `${RUN_CODE}: a debug container`,
  ]),
  [{ verb: 'create', group: '', resource: 'pods', subresource: 'exec' }, `${RUN_CODE}: it runs commands`],
  [{ verb: 'get', group: '', resource: 'pods', subresource: 'exec' }, `${RUN_CODE}: it runs commands`],
  [{ verb: 'create', group: '', resource: 'pods', subresource: 'attach' }, 'takes over its console'],
  [
    { verb: 'create', group: '', resource: 'pods', subresource: 'portforward' },
    `${RUN_CODE}: it opens a pod’s ports`,
  ],
  [
    { verb: 'get', group: '', resource: 'pods', subresource: 'portforward' },
    `${RUN_CODE}: it opens a pod’s ports`,
  ],
  ...(['create', 'update', 'patch'] as const).flatMap((verb) =>
    (
      [
        ['apps', 'deployments'],
        ['apps', 'replicasets'],
        ['apps', 'statefulsets'],
        ['apps', 'daemonsets'],
        ['batch', 'jobs'],
        ['batch', 'cronjobs'],
        ['', 'replicationcontrollers'],
        ['extensions', 'deployments'],
      ] as const
    ).map(([group, resource]): [GrantRequest, string] => [
      { verb, group, resource },
      `${RUN_CODE}: a pod template`,
    ]),
  ),
  [
    { verb: 'update', group: '', resource: 'namespaces' },
    `${RUN_CODE}: it can lift the namespace’s Pod Security`,
  ],
  [
    { verb: 'patch', group: '', resource: 'namespaces' },
    `${RUN_CODE}: it can lift the namespace’s Pod Security`,
  ],
  [{ verb: '*', group: '', resource: 'pods' }, `${RUN_CODE}: a wildcard`],
  [{ verb: 'get', group: '', resource: '*' }, `${RUN_CODE}: a wildcard`],
  [{ verb: 'get', group: '*', resource: 'configmaps' }, `${RUN_CODE}: a wildcard`],
  [{ verb: 'get', group: '', resource: 'pods', subresource: '*' }, `${RUN_CODE}: a wildcard`],
];

const SAFE: GrantRequest[] = [
  { verb: 'list', group: '', resource: 'pods' },
  { verb: 'get', group: '', resource: 'pods' },
  { verb: 'get', group: '', resource: 'pods', subresource: 'log' },
  { verb: 'get', group: '', resource: 'pods', subresource: 'ephemeralcontainers' },
  { verb: 'update', group: '', resource: 'pods', subresource: 'status' },
  { verb: 'delete', group: '', resource: 'pods' },
  { verb: 'get', group: '', resource: 'configmaps' },
  { verb: 'get', group: '', resource: 'serviceaccounts' },
  { verb: 'list', group: 'apps', resource: 'deployments' },
  { verb: 'update', group: 'apps', resource: 'deployments', subresource: 'scale' },
  { verb: 'get', group: '', resource: 'namespaces' },
  { verb: 'create', group: '', resource: 'configmaps' },
];

describe('dangerousGrant', () => {
  it.each(DANGEROUS)('refuses %o and says why', (g, why) => {
    const reason = dangerousGrant(g);
    expect(reason).toContain(why);
    // The sentence starts with the request itself, so the refusal reads on its own.
    expect(reason).toMatch(new RegExp(`^${g.verb.replace('*', '\\*')} ${g.resource.replace('*', '\\*')}`));
  });

  it.each(SAFE)('lets %o through', (g) => {
    expect(dangerousGrant(g)).toBeNull();
  });

  const words = [...STANDARD_VERBS, 'impersonate', 'bind', 'escalate', '*'];
  const groups = ['', 'apps', 'batch', 'extensions', 'rbac.authorization.k8s.io', 'example.com', '*'];
  const resources = [
    'pods',
    'secrets',
    'configmaps',
    'namespaces',
    'serviceaccounts',
    'deployments',
    'jobs',
    'cronjobs',
    'replicationcontrollers',
    'daemonsets',
    'roles',
    'events',
    '*',
  ];
  const subresources = [
    undefined,
    'exec',
    'attach',
    'portforward',
    'ephemeralcontainers',
    'log',
    'status',
    'scale',
    'token',
    'proxy',
    '*',
  ];
  it('never lets through a grant whose minimal rule covers one of the dangerous requests (every combination)', () => {
    // Ties the table to the RBAC matcher: whatever the suggestion would write, if it covers a
    // dangerous request, the table must have refused it. The domain is small enough to walk whole.
    const leaks: string[] = [];
    for (const verb of words)
      for (const group of groups)
        for (const resource of resources)
          for (const subresource of subresources) {
            const g = { verb, group, resource, subresource };
            if (dangerousGrant(g) !== null) continue;
            const rule = minimalRule({ ...g, namespace: 'default' });
            for (const [d] of DANGEROUS) {
              if (ruleCoversAnyName(rule, d.verb, d.group, d.resource, d.subresource))
                leaks.push(`${JSON.stringify(g)} covers ${JSON.stringify(d)}`);
            }
          }
    expect(leaks).toEqual([]);
  });

  it('refuses every request with a * anywhere, whatever the words around it', () => {
    const word = fc.stringMatching(/^[a-z*/.-]{0,12}$/);
    fc.assert(
      fc.property(
        word,
        word,
        word,
        fc.option(word, { nil: undefined }),
        (verb, group, resource, subresource) => {
          const g = { verb, group, resource, subresource };
          const wild = [verb, group, resource, subresource ?? ''].some((w) => w.includes('*'));
          return !wild || (dangerousGrant(g) ?? '').includes('a wildcard');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
