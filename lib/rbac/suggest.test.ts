import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { authorize } from './decide';
import { serviceAccountUser } from './identity';
import { buildRbacIndex } from './rbac-index';
import {
  asRbacObjects,
  type GrantAttributes,
  grantName,
  sensitiveGrant,
  suggestGrant,
  toYaml,
} from './suggest';

const requester = { namespace: 'default', name: 'service-account-token-requester' };
const listPods: GrantAttributes = { verb: 'list', group: '', resource: 'pods', namespace: 'default' };

function allows(attrs: GrantAttributes, asked: GrantAttributes, sa = requester): boolean {
  const { role, binding } = asRbacObjects(suggestGrant(sa, attrs));
  const index = buildRbacIndex({
    roles: [role],
    clusterRoles: [],
    roleBindings: [binding],
    clusterRoleBindings: [],
  });
  return authorize(index, serviceAccountUser(sa.namespace, sa.name), asked).allowed;
}

describe('suggestGrant', () => {
  it('suggests exactly the seed’s missing permission: list pods in default, for the requester', () => {
    const g = suggestGrant(requester, listPods, { 'tokenscope.dev/scenario': 'token-request' });
    expect(g.role).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: {
        name: 'tokenscope-fix-service-account-token-requester-list-pods',
        namespace: 'default',
        labels: { 'tokenscope.dev/scenario': 'token-request' },
      },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
    });
    expect(g.roleBinding.subjects).toEqual([
      { kind: 'ServiceAccount', name: requester.name, namespace: 'default' },
    ]);
    expect(g.roleBinding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: g.role.metadata.name,
    });
    expect(g.roleBinding.metadata).toEqual(g.role.metadata);
    expect(g.sensitive).toBeNull();
  });

  it('keeps subresource and object name, and nothing wider', () => {
    const getLog: GrantAttributes = {
      verb: 'get',
      group: '',
      resource: 'pods',
      subresource: 'log',
      namespace: 'demo',
      name: 'nginx',
    };
    expect(suggestGrant(requester, getLog).role.rules).toEqual([
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'], resourceNames: ['nginx'] },
    ]);
    expect(allows(getLog, getLog)).toBe(true);
    expect(allows(getLog, { ...getLog, name: 'other' })).toBe(false);
    expect(allows(getLog, { ...getLog, subresource: undefined })).toBe(false);
    expect(allows(getLog, { ...getLog, namespace: 'default' })).toBe(false);
  });

  it('allows the request and no other verb, resource, group or namespace (checked with the engine)', () => {
    const word = fc.constantFrom('get', 'list', 'watch', 'create', 'delete');
    const attrs = fc.record({
      verb: word,
      group: fc.constantFrom('', 'apps', 'batch'),
      resource: fc.constantFrom('pods', 'configmaps', 'deployments'),
      subresource: fc.option(fc.constantFrom('log', 'status'), { nil: undefined }),
      namespace: fc.constantFrom('default', 'demo'),
      name: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    });
    fc.assert(
      fc.property(attrs, attrs, (granted, asked) => {
        const same =
          granted.verb === asked.verb &&
          granted.group === asked.group &&
          granted.resource === asked.resource &&
          granted.subresource === asked.subresource &&
          granted.namespace === asked.namespace &&
          (granted.name === undefined || granted.name === asked.name);
        expect(allows(granted, asked)).toBe(same);
      }),
      { numRuns: 400 },
    );
  });

  it('names the pair deterministically as a DNS-1123 subdomain, hashing names that would be too long', () => {
    expect(grantName(requester, listPods)).toBe(grantName(requester, { ...listPods }));
    expect(grantName(requester, { ...listPods, group: 'apps', resource: 'deployments' })).toBe(
      'tokenscope-fix-service-account-token-requester-list-apps-deployments',
    );
    const long = grantName({ namespace: 'd', name: 'a'.repeat(250) }, { ...listPods, name: 'b'.repeat(200) });
    expect(long.length).toBeLessThanOrEqual(253);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    const other = grantName(
      { namespace: 'd', name: 'a'.repeat(250) },
      { ...listPods, name: 'c'.repeat(200) },
    );
    expect(other).not.toBe(long);
  });

  it('renders YAML that parses back to the very objects the server applies', () => {
    const g = suggestGrant(
      requester,
      { ...listPods, name: 'true' },
      { 'tokenscope.dev/scenario': 'token-request' },
    );
    const docs = parseAllDocuments(g.yaml).map((d) => d.toJS());
    expect(docs).toEqual([g.role, g.roleBinding]);
    expect(g.yaml).toContain('verbs: ["list"]');
    expect(g.yaml).toContain('apiGroups: [""]');
    expect(g.yaml).toContain(
      'subjects:\n  - kind: ServiceAccount\n    name: service-account-token-requester',
    );
    expect(parse(toYaml({ a: 'yes', b: '1.5', c: 'x: y', d: '' }))).toEqual({
      a: 'yes',
      b: '1.5',
      c: 'x: y',
      d: '',
    });
  });
});

describe('sensitiveGrant', () => {
  it.each([
    [{ verb: 'create', group: '', resource: 'serviceaccounts', subresource: 'token' }, 'mint tokens'],
    [{ verb: 'impersonate', group: '', resource: 'serviceaccounts' }, 'as someone else'],
    [{ verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'roles' }, 'does not hold'],
    [{ verb: 'get', group: '', resource: 'secrets' }, 'read Secrets'],
    [{ verb: 'create', group: 'apps', resource: 'deployments' }, 'run code as a ServiceAccount'],
    [{ verb: 'patch', group: '', resource: 'pods' }, 'run code as a ServiceAccount'],
    [{ verb: 'create', group: '', resource: 'pods', subresource: 'exec' }, 'runs commands'],
  ])('flags %o', (attrs, words) => {
    expect(sensitiveGrant({ namespace: 'default', ...attrs })).toContain(words);
  });

  it.each([
    { verb: 'list', group: '', resource: 'pods' },
    { verb: 'get', group: '', resource: 'configmaps' },
    { verb: 'get', group: '', resource: 'serviceaccounts' },
    { verb: 'update', group: '', resource: 'pods', subresource: 'status' },
  ])('lets %o through', (attrs) => {
    expect(sensitiveGrant({ namespace: 'default', ...attrs })).toBeNull();
  });
});
