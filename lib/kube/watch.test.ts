import { describe, expect, it } from 'vitest';
import { relistChanges } from './watch';

describe('relistChanges', () => {
  it('reports what went, then what is new or at another version, and nothing unchanged', () => {
    const known = new Map([
      ['team-a/gone', '10'],
      ['team-a/same', '11'],
      ['team-a/changed', '12'],
      ['/cluster-wide', '13'],
    ]);
    const fresh = new Map([
      ['team-a/same', '11'],
      ['team-a/changed', '20'],
      ['team-b/new', '21'],
      ['/cluster-wide', '13'],
    ]);
    expect(relistChanges(known, fresh)).toEqual([
      {
        type: 'DELETED',
        key: 'team-a/gone',
        seen: { namespace: 'team-a', name: 'gone', resourceVersion: '10' },
      },
      {
        type: 'MODIFIED',
        key: 'team-a/changed',
        seen: { namespace: 'team-a', name: 'changed', resourceVersion: '20' },
      },
      { type: 'ADDED', key: 'team-b/new', seen: { namespace: 'team-b', name: 'new', resourceVersion: '21' } },
    ]);
  });

  it('gives a cluster-scoped object no namespace', () => {
    expect(relistChanges(new Map([['/admin', '5']]), new Map())).toEqual([
      { type: 'DELETED', key: '/admin', seen: { name: 'admin', resourceVersion: '5' } },
    ]);
  });
});
