import { describe, expect, it } from 'vitest';
import type { BoundObjectCandidate } from '@/lib/contracts/bound-objects';
import {
  ageOf,
  countOf,
  emptyMessage,
  failureMessage,
  filterCandidates,
  moveActive,
  podMismatch,
  resourceOf,
  uidNote,
} from './bound-object-model';

const secret = (name: string): BoundObjectCandidate => ({
  kind: 'Secret',
  name,
  uid: `uid-${name}`,
  namespace: 'default',
});
const pod = (name: string, serviceAccount?: string): BoundObjectCandidate => ({
  kind: 'Pod',
  name,
  uid: `uid-${name}`,
  namespace: 'default',
  serviceAccount,
});

describe('filterCandidates', () => {
  const items = [secret('app-token'), secret('bound-a'), secret('db-bound'), secret('other')];

  it('keeps everything for empty or blank text', () => {
    expect(filterCandidates(items, '')).toEqual(items);
    expect(filterCandidates(items, '  ')).toEqual(items);
  });

  it('matches substrings case-insensitively, prefix matches first', () => {
    expect(filterCandidates(items, 'BOUND').map((c) => c.name)).toEqual(['bound-a', 'db-bound']);
    expect(filterCandidates(items, 'zzz')).toEqual([]);
  });
});

describe('moveActive', () => {
  it('wraps with the arrow keys and jumps with Home/End', () => {
    expect(moveActive(-1, 'ArrowDown', 3)).toBe(0);
    expect(moveActive(0, 'ArrowDown', 3)).toBe(1);
    expect(moveActive(2, 'ArrowDown', 3)).toBe(0);
    expect(moveActive(-1, 'ArrowUp', 3)).toBe(2);
    expect(moveActive(0, 'ArrowUp', 3)).toBe(2);
    expect(moveActive(2, 'ArrowUp', 3)).toBe(1);
    expect(moveActive(1, 'Home', 3)).toBe(0);
    expect(moveActive(0, 'End', 3)).toBe(2);
  });

  it('has nothing to land on without options, and clamps when the list shrank', () => {
    expect(moveActive(0, 'ArrowDown', 0)).toBe(-1);
    expect(moveActive(5, 'x', 2)).toBe(1);
  });
});

describe('messages', () => {
  it('says where nothing was found and what to do', () => {
    expect(emptyMessage('Pod', 'blog')).toBe(
      'No pods in namespace blog — create one or choose another kind.',
    );
    expect(emptyMessage('Secret', 'default')).toContain('No secrets in namespace default');
    expect(emptyMessage('Node', 'default')).toMatch(
      /^No nodes in this cluster .* create one or choose another kind\.$/,
    );
  });

  it('names the missing permission for a 403, from the server’s hint or by itself', () => {
    const detail = 'secrets is forbidden: User "x" cannot list resource "secrets"';
    expect(
      failureMessage('Secret', 'default', { detail, status: 403, hints: ['Needs list on secrets.'] }),
    ).toBe(`Could not list secrets in namespace default (HTTP 403): ${detail}. Needs list on secrets.`);
    expect(failureMessage('Node', 'default', { detail: 'no', status: 403 })).toBe(
      'Could not list nodes (HTTP 403): no. Listing needs the list verb on nodes. You can still type the name by hand.',
    );
    expect(failureMessage('Pod', 'a', { detail: 'Cannot reach the API server.' })).toBe(
      'Could not list pods in namespace a: Cannot reach the API server. Type the name by hand.',
    );
  });

  it('explains what the UID changes', () => {
    expect(uidNote('Secret', 's1', 'abc')).toContain(
      'refuses the request if Secret s1 no longer has this UID',
    );
    expect(uidNote('Secret', 's1', '')).toMatch(
      /^Without a UID the API server does not check the object’s identity/,
    );
  });

  it('warns about a pod running as another ServiceAccount only', () => {
    expect(podMismatch(pod('nginx', 'blog'), 'viewer')).toBe(
      'Pod nginx runs as blog: the API server refuses to bind a token for viewer to it.',
    );
    expect(podMismatch(pod('nginx', 'viewer'), ' viewer ')).toBeNull();
    expect(podMismatch(pod('nginx'), 'viewer')).toBeNull();
    expect(podMismatch(secret('s'), 'viewer')).toBeNull();
    expect(podMismatch(undefined, 'viewer')).toBeNull();
  });

  it('names resources and ages', () => {
    expect((['Pod', 'Secret', 'Node'] as const).map(resourceOf)).toEqual(['pods', 'secrets', 'nodes']);
    expect([countOf(1, 'Secret'), countOf(0, 'Pod'), countOf(3, 'Node')]).toEqual([
      '1 secret',
      '0 pods',
      '3 nodes',
    ]);
    const now = Date.parse('2030-01-02T00:00:00Z');
    expect(ageOf('2030-01-01T23:59:30Z', now)).toBe('30 s old');
    expect(ageOf('2030-01-01T23:50:00Z', now)).toBe('10 min old');
    expect(ageOf('2030-01-01T21:00:00Z', now)).toBe('3 h old');
    expect(ageOf('2029-12-30T00:00:00Z', now)).toBe('3 d old');
    expect(ageOf(undefined, now)).toBe('');
  });
});
