import { describe, expect, it } from 'vitest';
import { apiPath, preferredVersion, resourceFact } from './api-paths';
import { BOUND_KINDS, resourceOfBoundKind } from './object-refs';
import { findResource, RESOURCES } from './resources';

describe('the resource table', () => {
  it('names each resource once per group, and no alias twice', () => {
    const keys = RESOURCES.map((r) => `${r.group}/${r.resource}`);
    expect(new Set(keys).size).toBe(keys.length);
    const names = RESOURCES.flatMap((r) => [r.resource, ...r.aliases]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('finds a resource by plural, singular or short name', () => {
    expect(findResource('sa')?.resource).toBe('serviceaccounts');
    expect(findResource('deploy', 'apps')?.resource).toBe('deployments');
    expect(findResource('deploy', '')).toBeUndefined();
  });

  it('knows the resource of every bindable kind', () => {
    expect(BOUND_KINDS.map(resourceOfBoundKind)).toEqual(['pods', 'secrets', 'nodes']);
    for (const kind of BOUND_KINDS)
      expect(resourceFact('', resourceOfBoundKind(kind)).namespaced).toBe(kind !== 'Node');
  });

  it('builds paths as kubectl does', () => {
    expect(apiPath({ group: '', resource: 'pods', namespace: 'default' })).toBe(
      '/api/v1/namespaces/default/pods',
    );
    expect(apiPath({ group: 'autoscaling', resource: 'horizontalpodautoscalers' })).toBe(
      '/apis/autoscaling/v2/horizontalpodautoscalers',
    );
    expect(apiPath({ group: 'example.com', version: 'v1beta1', resource: 'widgets', name: 'w' })).toBe(
      '/apis/example.com/v1beta1/widgets/w',
    );
    expect(preferredVersion('unknown.example.com')).toBe('v1');
  });
});
