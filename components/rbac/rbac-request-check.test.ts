import { describe, expect, it } from 'vitest';
import type { ServedResources } from '@/lib/contracts/discovery';
import { unknownRequestWarnings } from './rbac-request-check';

const rw = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const served: ServedResources = {
  resources: [
    { group: '', name: 'pods', verbs: rw, namespaced: true },
    { group: '', name: 'pods/log', verbs: ['get'], namespaced: true },
    { group: '', name: 'serviceaccounts/token', verbs: ['create'], namespaced: true },
    { group: 'apps', name: 'deployments', verbs: rw, namespaced: true },
  ],
};

describe('unknownRequestWarnings', () => {
  it('is quiet for what the API server serves, wildcards and RBAC-only verbs', () => {
    expect(unknownRequestWarnings(served, { verb: 'list', resource: 'pods' })).toEqual([]);
    expect(unknownRequestWarnings(served, { verb: 'get', resource: 'pods', subresource: 'log' })).toEqual([]);
    expect(unknownRequestWarnings(served, { verb: 'impersonate', resource: '*' })).toEqual([]);
    expect(unknownRequestWarnings(served, { verb: 'list', group: 'apps', resource: 'deployments' })).toEqual([]);
  });

  it('warns for fly unicorns: an unknown verb and an unknown resource', () => {
    const w = unknownRequestWarnings(served, { verb: 'fly', resource: 'unicorns' });
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/^No resource of this API server serves the verb “fly”/);
    expect(w[1]).toBe('This API server serves no resource “unicorns” in the core group.');
  });

  it('points at the group that does serve a resource, and checks groups and subresources', () => {
    expect(unknownRequestWarnings(served, { verb: 'list', resource: 'deployments' })).toEqual([
      'This API server serves no resource “deployments” in the core group (it does in “apps”).',
    ]);
    expect(unknownRequestWarnings(served, { verb: 'list', group: 'unicorns.io', resource: 'pods' })).toEqual([
      'This API server serves no API group “unicorns.io”.',
    ]);
    expect(unknownRequestWarnings(served, { verb: 'get', resource: 'pods', subresource: 'horn' })).toEqual([
      '“pods” has no subresource “horn” on this API server.',
    ]);
  });

  it('says nothing when discovery gave nothing (refused), rather than warning about everything', () => {
    expect(unknownRequestWarnings({ resources: [] }, { verb: 'fly', resource: 'unicorns' })).toEqual([]);
  });
});
