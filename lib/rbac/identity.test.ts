import { describe, expect, it } from 'vitest';
import {
  firstMatchingSubject,
  normalizeSubject,
  parseServiceAccountUsername,
  serviceAccountUser,
  subjectKey,
  subjectMatches,
} from './identity';
import type { Subject } from './types';

const sa = serviceAccountUser('team-a', 'builder');

describe('serviceAccountUser', () => {
  it('builds the username and groups a ServiceAccount token authenticates with', () => {
    expect(sa).toEqual({
      username: 'system:serviceaccount:team-a:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
    });
  });

  it('round-trips through parseServiceAccountUsername', () => {
    expect(parseServiceAccountUsername(sa.username)).toEqual({ namespace: 'team-a', name: 'builder' });
    expect(parseServiceAccountUsername('alice')).toBeUndefined();
    expect(parseServiceAccountUsername('system:serviceaccount:a:b:c')).toBeUndefined();
  });
});

describe('subjectMatches', () => {
  const saSubject: Subject = { kind: 'ServiceAccount', name: 'builder', namespace: 'team-a' };

  it('matches User subjects by username and Group subjects by membership', () => {
    expect(subjectMatches({ kind: 'User', name: 'alice' }, '', { username: 'alice', groups: [] })).toBe(true);
    expect(subjectMatches({ kind: 'User', name: 'alice' }, '', { username: 'bob', groups: ['alice'] })).toBe(
      false,
    );
    expect(subjectMatches({ kind: 'Group', name: 'system:serviceaccounts:team-a' }, '', sa)).toBe(true);
    expect(subjectMatches({ kind: 'Group', name: 'system:serviceaccounts:team-b' }, '', sa)).toBe(false);
  });

  it('matches ServiceAccount subjects by namespace and name', () => {
    expect(subjectMatches(saSubject, '', sa)).toBe(true);
    expect(subjectMatches({ ...saSubject, namespace: 'team-b' }, 'team-a', sa)).toBe(false);
  });

  it('defaults a missing ServiceAccount namespace to the RoleBinding namespace only', () => {
    const bare: Subject = { kind: 'ServiceAccount', name: 'builder' };
    expect(subjectMatches(bare, 'team-a', sa)).toBe(true);
    expect(subjectMatches(bare, 'team-b', sa)).toBe(false);
    // ClusterRoleBindings pass "" and such a subject matches nobody.
    expect(subjectMatches(bare, '', sa)).toBe(false);
  });

  it('matches a User subject spelled as a ServiceAccount username', () => {
    expect(subjectMatches({ kind: 'User', name: sa.username }, '', sa)).toBe(true);
  });

  it('ignores apiGroup and rejects unknown kinds', () => {
    expect(
      subjectMatches({ kind: 'User', name: 'alice', apiGroup: 'bogus' }, '', {
        username: 'alice',
        groups: [],
      }),
    ).toBe(true);
    const odd = { kind: 'Robot', name: 'alice' } as unknown as Subject;
    expect(subjectMatches(odd, '', { username: 'alice', groups: ['alice'] })).toBe(false);
  });

  it('returns the first matching subject in binding order', () => {
    const subjects: Subject[] = [
      { kind: 'User', name: 'x' },
      { kind: 'Group', name: 'system:authenticated' },
      saSubject,
    ];
    expect(firstMatchingSubject(subjects, '', sa)).toEqual(subjects[1]);
  });
});

describe('normalizeSubject and subjectKey', () => {
  it('fills the ServiceAccount namespace from the binding', () => {
    expect(normalizeSubject({ kind: 'ServiceAccount', name: 'x' }, 'ns')).toEqual({
      kind: 'ServiceAccount',
      name: 'x',
      namespace: 'ns',
    });
    expect(subjectKey({ kind: 'ServiceAccount', name: 'x', namespace: 'ns' })).toBe('ServiceAccount:ns:x');
    expect(subjectKey({ kind: 'Group', name: 'g' })).toBe('Group:g');
  });
});
