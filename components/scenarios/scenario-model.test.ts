import { describe, expect, it } from 'vitest';
import type { MintedToken } from '@/lib/contracts/tokens';
import { navigationKey, stepIndexFrom, stepUrl } from './scenario-model';
import { grantAttributesOfTry, revokedBy, rotationDueAt } from './scenario-outcome-model';

function token(over: Partial<MintedToken>): MintedToken {
  return {
    id: 'tok_AAAAAAAAAAAAAAAAAAAA',
    origin: 'minted',
    namespace: 'default',
    serviceAccount: 'viewer',
    header: { alg: 'RS256' },
    claims: {},
    audiences: [],
    boundObject: null,
    issuedAt: '2026-01-01T10:00:00.000Z',
    expirationTimestamp: '2026-01-01T10:10:00.000Z',
    jwtExpiresAt: '2026-01-01T10:10:00.000Z',
    grantedExpirationSeconds: 600,
    warnings: [],
    mintedBy: { kind: 'dashboard', subject: 'dashboard' },
    status: 'valid',
    held: true,
    ...over,
  };
}

describe('deep links', () => {
  it.each([
    ['5', 4],
    ['#step-5', 4],
    ['step-1', 0],
    ['9', 8],
    ['10', null],
    ['0', null],
    ['x', null],
    ['', null],
    [null, null],
    ['5abc', null],
  ])('%s → %s', (value, index) => {
    expect(stepIndexFrom(value, 9)).toBe(index);
  });

  it('keeps other parameters and drops a step anchor', () => {
    expect(stepUrl('http://h/scenarios/token-request?presenter=1#step-3', 5)).toBe(
      '/scenarios/token-request?presenter=1&step=6',
    );
    expect(stepUrl('http://h/scenarios/x?step=2', 0)).toBe('/scenarios/x?step=1');
  });
});

describe('keyboard', () => {
  it('moves with arrows and clicker keys, never from a field or with modifiers', () => {
    expect(navigationKey({ key: 'ArrowRight' })).toBe('next');
    expect(navigationKey({ key: 'PageDown' })).toBe('next');
    expect(navigationKey({ key: 'ArrowLeft' })).toBe('previous');
    expect(navigationKey({ key: 'PageUp' })).toBe('previous');
    expect(navigationKey({ key: 'Enter' })).toBeNull();
    expect(navigationKey({ key: 'ArrowRight', targetTag: 'INPUT' })).toBeNull();
    expect(navigationKey({ key: 'ArrowRight', editable: true })).toBeNull();
    expect(navigationKey({ key: 'ArrowLeft', altKey: true })).toBeNull();
    expect(navigationKey({ key: 'ArrowRight', metaKey: true })).toBeNull();
  });
});

describe('why denied', () => {
  it('keeps a name only for get, and needs a namespace', () => {
    expect(
      grantAttributesOfTry({ verb: 'list', group: '', resource: 'pods', namespace: 'default', name: 'x' }),
    ).toEqual({
      verb: 'list',
      group: '',
      resource: 'pods',
      namespace: 'default',
    });
    expect(
      grantAttributesOfTry({
        verb: 'get',
        group: 'apps',
        resource: 'deployments',
        namespace: 'd',
        name: 'web',
      })?.name,
    ).toBe('web');
    expect(grantAttributesOfTry({ verb: 'list', group: '', resource: 'pods' })).toBeNull();
  });
});

describe('revocation', () => {
  const bound = token({
    id: 'tok_BBBBBBBBBBBBBBBBBBBB',
    boundObject: { kind: 'Secret', name: 'anchor' },
    serviceAccount: 'reporter',
    namespace: 'demo',
  });
  const other = token({});
  it('finds tokens whose bound object or ServiceAccount was deleted', () => {
    expect(
      revokedBy([{ kind: 'Secret', name: 'anchor', namespace: 'demo', outcome: 'deleted' }], [bound, other]),
    ).toEqual([bound]);
    expect(
      revokedBy(
        [{ kind: 'ServiceAccount', name: 'viewer', namespace: 'default', outcome: 'deleted' }],
        [bound, other],
      ),
    ).toEqual([other]);
    expect(
      revokedBy([{ kind: 'Secret', name: 'anchor', namespace: 'demo', outcome: 'absent' }], [bound]),
    ).toEqual([]);
    expect(
      revokedBy([{ kind: 'Secret', name: 'anchor', namespace: 'other', outcome: 'deleted' }], [bound]),
    ).toEqual([]);
  });
});

describe('simulated kubelet rotation', () => {
  it('rotates a 600 s token 480 s after this browser received it, whatever the clock skew', () => {
    const t = token({});
    expect(rotationDueAt(t, 1_000_000)).toBe(1_000_000 + 480_000);
    expect(rotationDueAt(t, Date.parse('2030-01-01T00:00:00Z'))).toBe(Date.parse('2030-01-01T00:08:00Z'));
  });

  it('caps the refresh at 24 h for long tokens', () => {
    const t = token({ jwtExpiresAt: '2026-01-08T10:00:00.000Z', grantedExpirationSeconds: 7 * 86400 });
    expect(rotationDueAt(t, 0)).toBe(86_400_000);
  });
});
