import { describe, expect, it } from 'vitest';
import { AccountActivityAggregator, accountCallOf, automountUse, eventTimeOf } from './account-activity';

// As kube-apiserver writes them (encoding/json of audit.k8s.io/v1 Event, field order of the struct).
function line(o: { user: string; pod?: string; stage?: string; at?: string; impersonate?: string }): string {
  const extra = o.pod
    ? `,"extra":{"authentication.kubernetes.io/credential-id":["JTI=1"],"authentication.kubernetes.io/pod-name":["${o.pod}"],"authentication.kubernetes.io/pod-uid":["u"]}`
    : '';
  const imp = o.impersonate
    ? `,"impersonatedUser":{"username":"${o.impersonate}","extra":{"authentication.kubernetes.io/pod-name":["other"]}}`
    : '';
  return `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a","stage":"${o.stage ?? 'ResponseComplete'}","requestURI":"/api/v1/namespaces/ns/pods","verb":"list","user":{"username":"${o.user}","uid":"x","groups":["system:serviceaccounts","system:authenticated"]${extra}}${imp},"sourceIPs":["127.0.0.1"],"userAgent":"curl","objectRef":{"resource":"pods","namespace":"ns","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"${o.at ?? '2026-12-03T10:00:00.000000Z'}","stageTimestamp":"${o.at ?? '2026-12-03T10:00:00.001000Z'}"}`;
}

describe('accountCallOf', () => {
  it('reads the ServiceAccount, the time and the pod of a pod-bound token', () => {
    expect(accountCallOf(line({ user: 'system:serviceaccount:ns:app', pod: 'app-1' }))).toEqual({
      namespace: 'ns',
      serviceAccount: 'app',
      at: Date.parse('2026-12-03T10:00:00.001Z'),
      pod: 'app-1',
    });
    expect(accountCallOf(line({ user: 'system:serviceaccount:ns:app' }))?.pod).toBeUndefined();
  });

  it('skips other users, other stages, broken lines, and an impersonated user’s pod', () => {
    expect(accountCallOf(line({ user: 'system:admin' }))).toBeUndefined();
    expect(
      accountCallOf(line({ user: 'system:serviceaccount:ns:app', stage: 'RequestReceived' })),
    ).toBeUndefined();
    expect(accountCallOf(line({ user: 'system:serviceaccount:bad:ns:x' }))).toBeUndefined();
    expect(accountCallOf(line({ user: 'system:serviceaccount:ns:app', at: 'yesterday' }))).toBeUndefined();
    expect(accountCallOf('{"kind":"Event","stage":"ResponseComplete"')).toBeUndefined();
    // The requester is the admin impersonating an account: not a call by that account's pods.
    expect(
      accountCallOf(line({ user: 'system:admin', impersonate: 'system:serviceaccount:ns:app' })),
    ).toBeUndefined();
    expect(
      accountCallOf(line({ user: 'system:serviceaccount:ns:app', impersonate: 'system:serviceaccount:ns:b' }))
        ?.pod,
    ).toBeUndefined();
  });

  it('eventTimeOf reads any event’s time', () => {
    expect(eventTimeOf(line({ user: 'system:admin' }))).toBe(Date.parse('2026-12-03T10:00:00.001Z'));
    expect(eventTimeOf('not json')).toBeUndefined();
  });
});

describe('AccountActivityAggregator and automountUse', () => {
  const T = Date.parse('2026-12-03T10:00:00Z');
  const agg = new AccountActivityAggregator(T - 3600_000);
  agg.add({ namespace: 'ns', serviceAccount: 'app', at: T - 60_000, pod: 'app-1' });
  agg.add({ namespace: 'ns', serviceAccount: 'app', at: T - 30_000, pod: 'app-2' });
  agg.add({ namespace: 'ns', serviceAccount: 'app', at: T - 10_000 });
  agg.add({ namespace: 'ns', serviceAccount: 'tool', at: T - 20_000 });
  agg.add({ namespace: 'ns', serviceAccount: 'old', at: T - 7200_000, pod: 'old-1' });
  const log = { configured: true as const, activity: agg.result(), since: '2026-12-03T09:05:00.000Z' };

  it('counts per account in the window, keeping the latest pod', () => {
    expect(agg.result()).toEqual([
      {
        namespace: 'ns',
        serviceAccount: 'app',
        count: 3,
        lastSeen: new Date(T - 10_000).toISOString(),
        podCount: 2,
        lastPod: 'app-2',
        lastPodSeen: new Date(T - 30_000).toISOString(),
      },
      {
        namespace: 'ns',
        serviceAccount: 'tool',
        count: 1,
        lastSeen: new Date(T - 20_000).toISOString(),
        podCount: 0,
      },
    ]);
  });

  it('says called, called without a pod, or never — and never claims never without a log', () => {
    expect(automountUse({ namespace: 'ns', serviceAccount: 'app' }, log)).toEqual({
      state: 'called',
      count: 2,
      lastSeen: new Date(T - 30_000).toISOString(),
      lastPod: 'app-2',
    });
    expect(automountUse({ namespace: 'ns', serviceAccount: 'tool' }, log)).toMatchObject({
      state: 'called-without-pod',
      count: 1,
    });
    expect(automountUse({ namespace: 'ns', serviceAccount: 'old' }, log)).toEqual({
      state: 'never',
      since: log.since,
    });
    expect(
      automountUse(
        { namespace: 'ns', serviceAccount: 'old' },
        { configured: false, reason: 'Set TOKENSCOPE_AUDIT_LOG' },
      ),
    ).toEqual({
      state: 'unknown',
      reason: 'Set TOKENSCOPE_AUDIT_LOG',
    });
    expect(
      automountUse({ namespace: 'ns', serviceAccount: 'old' }, { configured: true, activity: [] }),
    ).toMatchObject({
      state: 'unknown',
    });
  });

  it('keeps memory bounded', () => {
    const small = new AccountActivityAggregator(0, 2);
    for (const n of ['a', 'b', 'c']) small.add({ namespace: 'ns', serviceAccount: n, at: 1 });
    expect(small.result()).toHaveLength(2);
    expect(small.truncated).toBe(true);
  });
});
