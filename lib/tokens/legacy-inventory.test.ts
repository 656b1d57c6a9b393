import { describe, expect, it } from 'vitest';
import { automountDecision, type LegacySecret, replacementCommand, tokenInventory } from './legacy-inventory';

const secret = (name: string, extra: Partial<LegacySecret> = {}): LegacySecret => ({
  namespace: 'ns',
  name,
  serviceAccount: 'app',
  populated: true,
  ...extra,
});

describe('tokenInventory: legacy token Secrets', () => {
  it('classifies each Secret by its labels', () => {
    const { legacy } = tokenInventory({
      secrets: [
        secret('used', { lastUsed: '2026-11-30' }),
        secret('unused'),
        secret('gone', { invalidSince: '2026-06-01', lastUsed: '2025-01-01' }),
        secret('empty', { populated: false }),
      ],
      podRefs: [],
      automounted: [],
      trackingSince: '2026-01-01',
    });
    const state = Object.fromEntries(legacy.map((f) => [f.secret.name, f.state]));
    expect(state).toEqual({
      used: 'used',
      unused: 'unused-since-tracking',
      gone: 'invalidated',
      empty: 'empty',
    });
    expect(legacy.find((f) => f.secret.name === 'unused')?.summary).toContain(
      'since the API server began tracking on 2026-01-01',
    );
    expect(legacy.find((f) => f.secret.name === 'gone')?.summary).toContain('refuses this token (401)');
  });

  it('says when use cannot be judged (no tracking date)', () => {
    const { legacy } = tokenInventory({ secrets: [secret('x')], podRefs: [], automounted: [] });
    expect(legacy[0]?.state).toBe('not-tracked');
    expect(legacy[0]?.severity).toBe('high');
  });

  it('puts valid tokens first, the most recently used first among them', () => {
    const { legacy } = tokenInventory({
      secrets: [
        secret('a-invalid', { invalidSince: '2026-01-01' }),
        secret('b-old', { lastUsed: '2025-05-05' }),
        secret('c-new', { lastUsed: '2026-11-11' }),
        secret('d-unused'),
      ],
      podRefs: [],
      automounted: [],
      trackingSince: '2025-01-01',
    });
    expect(legacy.map((f) => f.secret.name)).toEqual(['c-new', 'b-old', 'd-unused', 'a-invalid']);
  });

  it('joins the pods that reference a Secret, in its namespace only', () => {
    const { legacy } = tokenInventory({
      secrets: [secret('tok')],
      podRefs: [
        { namespace: 'ns', pod: 'web-1', serviceAccount: 'app', secret: 'tok', uses: ['volume'] },
        { namespace: 'other', pod: 'web-2', serviceAccount: 'app', secret: 'tok', uses: ['env'] },
        { namespace: 'ns', pod: 'web-3', serviceAccount: 'app', secret: 'tls', uses: ['volume'] },
      ],
      automounted: [],
    });
    expect(legacy[0]?.pods.map((p) => p.pod)).toEqual(['web-1']);
    expect(legacy[0]?.steps[0]).toContain('projected serviceAccountToken volume');
  });

  it('remediates with an expiring token, then deletion', () => {
    const { legacy } = tokenInventory({
      secrets: [secret('tok', { lastUsed: '2026-11-01' })],
      podRefs: [],
      automounted: [],
    });
    expect(legacy[0]?.commands).toEqual([
      'kubectl create token app --namespace ns --duration 1h',
      'kubectl delete secret tok --namespace ns',
    ]);
    expect(legacy[0]?.steps.join(' ')).toContain('outside the cluster');
  });

  it('only deletes what no longer authenticates', () => {
    const { legacy } = tokenInventory({
      secrets: [secret('tok', { invalidSince: '2026-01-01' })],
      podRefs: [],
      automounted: [],
    });
    expect(legacy[0]?.severity).toBe('low');
    expect(legacy[0]?.commands).toEqual(['kubectl delete secret tok --namespace ns']);
  });
});

describe('tokenInventory: automounted tokens', () => {
  it('groups pods by ServiceAccount, sorted', () => {
    const { automounted } = tokenInventory({
      secrets: [],
      podRefs: [],
      automounted: [
        { namespace: 'b', pod: 'p2', serviceAccount: 'default', decidedBy: 'default' },
        { namespace: 'a', pod: 'z', serviceAccount: 'web', decidedBy: 'pod' },
        { namespace: 'a', pod: 'y', serviceAccount: 'web', decidedBy: 'default' },
      ],
    });
    expect(automounted).toEqual([
      {
        namespace: 'a',
        serviceAccount: 'web',
        pods: [
          { name: 'y', decidedBy: 'default' },
          { name: 'z', decidedBy: 'pod' },
        ],
      },
      { namespace: 'b', serviceAccount: 'default', pods: [{ name: 'p2', decidedBy: 'default' }] },
    ]);
  });
});

describe('automountDecision', () => {
  it("lets the pod's field win over its ServiceAccount's, and defaults to on", () => {
    expect(automountDecision(false, true)).toEqual({ mounted: false, decidedBy: 'pod' });
    expect(automountDecision(true, false)).toEqual({ mounted: true, decidedBy: 'pod' });
    expect(automountDecision(undefined, false)).toEqual({ mounted: false, decidedBy: 'serviceaccount' });
    expect(automountDecision(undefined, undefined)).toEqual({ mounted: true, decidedBy: 'default' });
  });
});

describe('replacementCommand', () => {
  it('issues an expiring token for the same account', () => {
    expect(replacementCommand('team-a', 'ci')).toBe(
      'kubectl create token ci --namespace team-a --duration 1h',
    );
  });
});
