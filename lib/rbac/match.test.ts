import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nonResourceURLEntryMatches,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  ruleCoversAnyName,
  rulesAllow,
} from './match';
import { referenceRuleAllows } from '@/test/support/rbac/reference';
import type { NonResourceAttributes, PolicyRule, ResourceAttributes } from './types';

const pods: ResourceAttributes = { verb: 'get', group: '', resource: 'pods', namespace: 'a', name: 'web' };
const rule = (r: Partial<PolicyRule>): PolicyRule => ({
  verbs: ['get'],
  apiGroups: [''],
  resources: ['pods'],
  ...r,
});

describe('verbs and groups', () => {
  it('matches listed verbs and the * verb only', () => {
    expect(ruleAllows(rule({}), pods)).toBe(true);
    expect(ruleAllows(rule({}), { ...pods, verb: 'list' })).toBe(false);
    expect(ruleAllows(rule({ verbs: ['*'] }), { ...pods, verb: 'escalate' })).toBe(true);
    expect(ruleAllows(rule({ verbs: [] }), pods)).toBe(false);
  });

  it('treats "" as the core group and * as any group', () => {
    expect(ruleAllows(rule({ apiGroups: ['apps'] }), pods)).toBe(false);
    expect(ruleAllows(rule({ apiGroups: ['*'] }), { ...pods, group: 'apps' })).toBe(true);
    expect(ruleAllows(rule({ apiGroups: undefined }), pods)).toBe(false);
  });
});

describe('resources and subresources', () => {
  it('needs the exact resource/subresource pair', () => {
    const log = { ...pods, subresource: 'log' };
    expect(ruleAllows(rule({}), log)).toBe(false);
    expect(ruleAllows(rule({ resources: ['pods/log'] }), log)).toBe(true);
    expect(ruleAllows(rule({ resources: ['pods/log'] }), pods)).toBe(false);
    expect(ruleAllows(rule({ resources: ['pods/exec'] }), log)).toBe(false);
  });

  it('lets * cover every resource and subresource', () => {
    expect(resourceMatches(rule({ resources: ['*'] }), 'deployments', 'scale')).toBe(true);
    expect(resourceMatches(rule({ resources: ['*'] }), 'pods')).toBe(true);
  });

  it('lets */scale cover the scale subresource of any resource but not the resource itself', () => {
    const r = rule({ resources: ['*/scale'] });
    expect(resourceMatches(r, 'deployments', 'scale')).toBe(true);
    expect(resourceMatches(r, 'replicasets', 'scale')).toBe(true);
    expect(resourceMatches(r, 'deployments')).toBe(false);
    expect(resourceMatches(r, 'deployments', 'status')).toBe(false);
    expect(resourceMatches(r, 'deployments', 'cale')).toBe(false);
  });

  it('has no resource/* form: pods/* is a literal', () => {
    expect(resourceMatches(rule({ resources: ['pods/*'] }), 'pods', 'log')).toBe(false);
    expect(resourceMatches(rule({ resources: ['pods/*'] }), 'pods', '*')).toBe(true);
  });

  it('does not let */ match a request without subresource', () => {
    expect(resourceMatches(rule({ resources: ['*/'] }), 'pods')).toBe(false);
  });
});

describe('resourceNames', () => {
  const named = rule({ verbs: ['get', 'list', 'create', 'watch'], resourceNames: ['web'] });

  it('admits only listed names', () => {
    expect(ruleAllows(named, pods)).toBe(true);
    expect(ruleAllows(named, { ...pods, name: 'db' })).toBe(false);
  });

  it('does not cover list, watch or create without a name', () => {
    for (const verb of ['list', 'watch', 'create']) {
      const { name: _n, ...nameless } = pods;
      expect(ruleAllows(named, { ...nameless, verb })).toBe(false);
    }
  });

  it('covers everything when empty, with or without a name', () => {
    expect(resourceNameMatches(rule({ resourceNames: [] }), undefined)).toBe(true);
    expect(resourceNameMatches(rule({}), 'anything')).toBe(true);
  });

  it('compares a missing name as "" like upstream', () => {
    expect(resourceNameMatches(rule({ resourceNames: [''] }), undefined)).toBe(true);
  });
});

describe('nonResourceURLs', () => {
  const get = (path: string): NonResourceAttributes => ({ verb: 'get', path });
  const urls = (...nonResourceURLs: string[]): PolicyRule => ({ verbs: ['get'], nonResourceURLs });

  it('matches exactly, by * and by trailing-star prefix', () => {
    expect(ruleAllows(urls('/healthz'), get('/healthz'))).toBe(true);
    expect(ruleAllows(urls('/healthz'), get('/healthz/etcd'))).toBe(false);
    expect(ruleAllows(urls('/healthz/*'), get('/healthz/etcd'))).toBe(true);
    expect(ruleAllows(urls('/healthz/*'), get('/healthz'))).toBe(false);
    expect(ruleAllows(urls('/logs*'), get('/logsfoo'))).toBe(true);
    expect(ruleAllows(urls('*'), get('/anything'))).toBe(true);
  });

  it('trims every trailing star', () => {
    expect(nonResourceURLEntryMatches('/logs**', '/logs/x')).toBe(true);
  });

  it('ignores resource fields for non-resource requests and vice versa', () => {
    expect(ruleAllows(rule({ verbs: ['*'], resources: ['*'], apiGroups: ['*'] }), get('/healthz'))).toBe(
      false,
    );
    expect(ruleAllows({ verbs: ['*'], nonResourceURLs: ['*'] }, pods)).toBe(false);
  });
});

describe('helpers', () => {
  it('rulesAllow is any-of', () => {
    expect(rulesAllow([rule({ verbs: ['list'] }), rule({})], pods)).toBe(true);
    expect(rulesAllow([], pods)).toBe(false);
  });

  it('ruleCoversAnyName ignores resourceNames', () => {
    const r = rule({ verbs: ['create'], resources: ['serviceaccounts/token'], resourceNames: ['x'] });
    expect(ruleCoversAnyName(r, 'create', '', 'serviceaccounts', 'token')).toBe(true);
    expect(ruleCoversAnyName(r, 'create', '', 'serviceaccounts')).toBe(false);
  });
});

const verbArb = fc.constantFrom('get', 'list', 'watch', 'create', 'impersonate', '*');
const groupArb = fc.constantFrom('', 'apps', 'batch', '*');
const resourceEntryArb = fc.constantFrom(
  'pods',
  'pods/log',
  'deployments',
  'deployments/scale',
  '*',
  '*/scale',
  '*/log',
  'pods/*',
  '*/',
);
const nameArb = fc.constantFrom('', 'a', 'b', 'web');
const urlEntryArb = fc.constantFrom('/healthz', '/healthz/*', '/logs*', '/logs/**', '*', '/', '');
const pathArb = fc.constantFrom('/healthz', '/healthz/etcd', '/logs', '/logs/x', '/', '/api', '');

const ruleArb: fc.Arbitrary<PolicyRule> = fc.record(
  {
    verbs: fc.array(verbArb, { maxLength: 3 }),
    apiGroups: fc.array(groupArb, { maxLength: 3 }),
    resources: fc.array(resourceEntryArb, { maxLength: 3 }),
    resourceNames: fc.array(nameArb, { maxLength: 2 }),
    nonResourceURLs: fc.array(urlEntryArb, { maxLength: 3 }),
  },
  { requiredKeys: ['verbs'] },
);

const resourceAttrsArb: fc.Arbitrary<ResourceAttributes> = fc.record(
  {
    verb: fc.constantFrom('get', 'list', 'watch', 'create', 'impersonate'),
    group: fc.constantFrom('', 'apps', 'batch'),
    resource: fc.constantFrom('pods', 'deployments', 'secrets'),
    subresource: fc.constantFrom('log', 'scale', 'status', ''),
    name: nameArb,
  },
  { requiredKeys: ['verb', 'group', 'resource'] },
);

const nonResourceAttrsArb: fc.Arbitrary<NonResourceAttributes> = fc.record({
  verb: fc.constantFrom('get', 'post'),
  path: pathArb,
});

const attrsArb = fc.oneof(resourceAttrsArb, nonResourceAttrsArb);
const runs = { numRuns: 400 };

describe('properties', () => {
  it('agrees with the straightforward reference transcription', () => {
    fc.assert(
      fc.property(ruleArb, attrsArb, (r, a) => ruleAllows(r, a) === referenceRuleAllows(r, a)),
      { numRuns: 2000 },
    );
  });

  it('allows every verb when verbs is [*] exactly when the listed verb would be allowed', () => {
    fc.assert(
      fc.property(
        ruleArb,
        attrsArb,
        (r, a) => ruleAllows({ ...r, verbs: ['*'] }, a) === ruleAllows({ ...r, verbs: [a.verb] }, a),
      ),
      runs,
    );
  });

  it('never turns allow into deny when a verb, group, resource or URL is added', () => {
    const fieldArb = fc.constantFrom('verbs', 'apiGroups', 'resources', 'nonResourceURLs');
    const valueArb = fc.oneof(verbArb, groupArb, resourceEntryArb, urlEntryArb);
    fc.assert(
      fc.property(ruleArb, attrsArb, fieldArb, valueArb, (r, a, field, value) => {
        const widened: PolicyRule = { ...r, [field]: [...(r[field] ?? []), value] };
        return !ruleAllows(r, a) || ruleAllows(widened, a);
      }),
      runs,
    );
  });

  it('is name-independent exactly when resourceNames is empty', () => {
    fc.assert(
      fc.property(ruleArb, resourceAttrsArb, nameArb, (r, a, other) => {
        const empty = { ...r, resourceNames: [] };
        const sameWithoutNames = ruleAllows(empty, a) === ruleAllows(empty, { ...a, name: other });
        const { name: _n, ...nameless } = a;
        const restricted = { ...r, resourceNames: ['only-this'] };
        return sameWithoutNames && !ruleAllows(restricted, nameless);
      }),
      runs,
    );
  });

  it('never lets a subresource rule grant its parent resource', () => {
    fc.assert(
      fc.property(resourceAttrsArb, fc.constantFrom('log', 'scale', 'status'), (a, sub) => {
        const { subresource: _s, ...parent } = a;
        return !ruleAllows(
          { verbs: ['*'], apiGroups: ['*'], resources: [`${a.resource}/${sub}`, `*/${sub}`] },
          parent,
        );
      }),
      runs,
    );
  });
});
