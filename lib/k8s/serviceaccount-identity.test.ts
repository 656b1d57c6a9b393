import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followsRule, namespaceRule, objectNameRule } from './names';
import {
  parseServiceAccountUsername,
  serviceAccountGroups,
  serviceAccountUsername,
} from './serviceaccount-identity';

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
const subdomain = fc
  .array(label, { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('.'))
  .filter((s) => s.length <= objectNameRule.max);

describe('ServiceAccount usernames', () => {
  it('format as MakeUsername does', () => {
    expect(serviceAccountUsername('default', 'viewer')).toBe('system:serviceaccount:default:viewer');
  });

  it('parse back to what they were made from', () => {
    fc.assert(
      fc.property(label, subdomain, (namespace, name) => {
        expect(parseServiceAccountUsername(serviceAccountUsername(namespace, name))).toEqual({
          namespace,
          name,
        });
      }),
    );
  });

  it('format back to the string they were parsed from', () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        const username = `system:serviceaccount:${tail}`;
        const parsed = parseServiceAccountUsername(username);
        if (parsed) expect(serviceAccountUsername(parsed.namespace, parsed.name)).toBe(username);
      }),
    );
  });

  it.each([
    ['system:serviceaccount:a:b:c', 'three parts'],
    ['system:serviceaccount:a', 'one part'],
    ['system:serviceaccount::b', 'empty namespace'],
    ['system:serviceaccount:a:', 'empty name'],
    ['system:serviceaccount:Team:b', 'namespace not a DNS-1123 label'],
    ['system:serviceaccount:a.b:c', 'dotted namespace'],
    ['system:serviceaccount:a:B_c', 'name not a DNS-1123 subdomain'],
    ['system:serviceaccounts:a', 'a group, not a user'],
    ['alice', 'another user'],
  ])('refuse %s (%s) as SplitUsername does', (username) => {
    expect(parseServiceAccountUsername(username)).toBeUndefined();
  });

  it('accept only DNS-valid parts, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (namespace, name) => {
        const parsed = parseServiceAccountUsername(`system:serviceaccount:${namespace}:${name}`);
        const valid =
          !name.includes(':') && followsRule(namespace, namespaceRule) && followsRule(name, objectNameRule);
        expect(parsed !== undefined).toBe(valid);
      }),
    );
  });
});

describe('serviceAccountGroups', () => {
  it('are MakeGroupNames plus system:authenticated', () => {
    expect(serviceAccountGroups('team-a')).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:team-a',
      'system:authenticated',
    ]);
  });
});
