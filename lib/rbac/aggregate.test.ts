import { describe, expect, it } from 'vitest';
import { aggregatedRules, materializeAggregation, rulesEqual, selectorMatches } from './aggregate';
import type { PolicyRule, Role } from './types';

const rule = (verb: string): PolicyRule => ({ verbs: [verb], apiGroups: [''], resources: ['pods'] });
const source = (name: string, labels: Record<string, string>, rules: PolicyRule[]): Role => ({
  kind: 'ClusterRole',
  name,
  labels,
  rules,
});

describe('aggregation', () => {
  const target: Role = {
    kind: 'ClusterRole',
    name: 'target',
    labels: { agg: 'yes' },
    rules: [rule('stale')],
    aggregationRule: {
      clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }, { matchLabels: { extra: 'yes' } }],
    },
  };
  const roles = [
    source('zeta', { agg: 'yes' }, [rule('get')]),
    source('alpha', { agg: 'yes' }, [rule('list'), rule('get')]),
    source('other', { agg: 'no' }, [rule('delete')]),
    source('extra', { extra: 'yes', agg: 'yes' }, [rule('watch'), rule('list')]),
    target,
  ];

  it('unions selected roles by selector, sorted by name, skipping itself and duplicates', () => {
    expect(aggregatedRules(target, roles).map((r) => r.verbs[0])).toEqual(['list', 'get', 'watch']);
  });

  it('rewrites only aggregated roles', () => {
    const out = materializeAggregation(roles);
    expect(out[0]).toBe(roles[0]);
    expect(out[4]?.rules.map((r) => r.verbs[0])).toEqual(['list', 'get', 'watch']);
  });

  it('selects with matchLabels, and an empty selector selects everything', () => {
    expect(selectorMatches({ matchLabels: { a: '1' } }, { a: '1', b: '2' })).toBe(true);
    expect(selectorMatches({ matchLabels: { a: '1' } }, undefined)).toBe(false);
    expect(selectorMatches({}, undefined)).toBe(true);
  });

  it('selects with matchExpressions like labels.Requirement', () => {
    const labels = { tier: 'web', team: 'a' };
    const sel = (operator: string, values?: string[]) => ({
      matchExpressions: [{ key: 'tier', operator, ...(values ? { values } : {}) }],
    });
    expect(selectorMatches(sel('In', ['web', 'db']), labels)).toBe(true);
    expect(selectorMatches(sel('In', ['db']), labels)).toBe(false);
    expect(selectorMatches(sel('NotIn', ['db']), labels)).toBe(true);
    expect(selectorMatches(sel('NotIn', ['web']), labels)).toBe(false);
    expect(selectorMatches(sel('NotIn', ['web']), { team: 'a' })).toBe(true);
    expect(selectorMatches(sel('Exists'), labels)).toBe(true);
    expect(selectorMatches(sel('DoesNotExist'), labels)).toBe(false);
    expect(selectorMatches(sel('Bogus'), labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { team: 'b' }, ...sel('Exists') }, labels)).toBe(false);
  });

  it('compares rules semantically: missing equals empty, order matters', () => {
    expect(rulesEqual({ verbs: ['get'] }, { verbs: ['get'], resourceNames: [] })).toBe(true);
    expect(rulesEqual({ verbs: ['get', 'list'] }, { verbs: ['list', 'get'] })).toBe(false);
  });
});
