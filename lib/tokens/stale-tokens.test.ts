import { describe, expect, it } from 'vitest';
import {
  humanSeconds,
  secondsAfterWarning,
  StaleTokenAggregator,
  type StaleUse,
  staleUseOf,
  LongLivedMintAggregator,
  tokenMintOf,
  type TokenMint,
} from './stale-tokens';

/** An audit event as kube-apiserver writes it at Metadata level (trimmed to what matters). */
function event(
  over: Record<string, unknown> = {},
  annotation:
    | string
    | null = 'subject: system:serviceaccount:shop:cart, seconds after warning threshold: 125',
) {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/shop/pods?limit=500',
    verb: 'list',
    user: {
      username: 'system:serviceaccount:shop:cart',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/pod-name': ['cart-7d9f'],
        'authentication.kubernetes.io/pod-uid': ['u-1'],
      },
    },
    userAgent: 'cart/1.0',
    objectRef: { resource: 'pods', namespace: 'shop', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2026-12-02T10:00:00.000000Z',
    stageTimestamp: '2026-12-02T10:00:00.010000Z',
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      ...(annotation === null ? {} : { 'authentication.k8s.io/stale-token': annotation }),
    },
    ...over,
  };
}

describe('staleUseOf', () => {
  it('reads who, which pod, when, how stale and what from an annotated event', () => {
    expect(staleUseOf(event())).toEqual({
      namespace: 'shop',
      serviceAccount: 'cart',
      pod: 'cart-7d9f',
      at: Date.parse('2026-12-02T10:00:00.010Z'),
      secondsStale: 125,
      request: 'list pods in shop',
      code: 200,
      userAgent: 'cart/1.0',
    });
  });

  it('ignores events without the annotation, other stages, other users and foreign annotation text', () => {
    expect(staleUseOf(event({}, null))).toBeUndefined();
    expect(staleUseOf(event({ stage: 'RequestReceived' }))).toBeUndefined();
    expect(staleUseOf(event({ user: { username: 'alice' } }))).toBeUndefined();
    expect(staleUseOf(event({}, 'stale'))).toBeUndefined();
    expect(staleUseOf(event({ kind: 'EventList' }))).toBeUndefined();
    expect(staleUseOf('nope')).toBeUndefined();
  });

  it('leaves out the pod for a token bound to no pod, and names non-resource requests by path', () => {
    const use = staleUseOf(
      event({
        user: { username: 'system:serviceaccount:shop:cart' },
        objectRef: undefined,
        requestURI: '/version?x=1',
        verb: 'get',
      }),
    );
    expect(use?.pod).toBeUndefined();
    expect(use?.request).toBe('get /version');
  });
});

describe('secondsAfterWarning', () => {
  it('reads the number the API server writes', () => {
    expect(
      secondsAfterWarning('subject: system:serviceaccount:a:b, seconds after warning threshold: 0'),
    ).toBe(0);
    expect(secondsAfterWarning('subject: x, seconds after warning threshold: 86400')).toBe(86400);
    expect(secondsAfterWarning('seconds after warning threshold: -1')).toBeUndefined();
  });
});

describe('StaleTokenAggregator', () => {
  const use = (over: Partial<StaleUse>): StaleUse => ({
    namespace: 'shop',
    serviceAccount: 'cart',
    pod: 'cart-1',
    at: Date.parse('2026-12-02T10:00:00Z'),
    secondsStale: 10,
    request: 'list pods in shop',
    code: 200,
    ...over,
  });

  it('groups by account and pod, keeping counts, first and last seen and staleness', () => {
    const agg = new StaleTokenAggregator();
    agg.add(
      use({ at: Date.parse('2026-12-02T10:05:00Z'), secondsStale: 310, request: 'get pods cart-1 in shop' }),
    );
    agg.add(use({}));
    agg.add(use({ pod: 'cart-2', at: Date.parse('2026-12-02T11:00:00Z'), secondsStale: 5 }));
    agg.add(use({ pod: undefined, serviceAccount: 'cli', at: Date.parse('2026-12-02T09:00:00Z') }));
    const [newest, first, noPod] = agg.result();
    expect(newest).toMatchObject({ pod: 'cart-2', count: 1 });
    expect(first).toEqual({
      namespace: 'shop',
      serviceAccount: 'cart',
      pod: 'cart-1',
      count: 2,
      firstSeen: '2026-12-02T10:00:00.000Z',
      lastSeen: '2026-12-02T10:05:00.000Z',
      lastSecondsStale: 310,
      maxSecondsStale: 310,
      lastRequest: 'get pods cart-1 in shop',
    });
    expect(noPod).toMatchObject({ serviceAccount: 'cli', count: 1 });
    expect(noPod?.pod).toBeUndefined();
  });

  it('drops uses before the window and stops growing at its bound', () => {
    const agg = new StaleTokenAggregator(Date.parse('2026-12-02T10:00:00Z'), 2);
    agg.add(use({ at: Date.parse('2026-12-02T09:59:59Z') }));
    expect(agg.result()).toEqual([]);
    agg.add(use({ pod: 'a' }));
    agg.add(use({ pod: 'b' }));
    agg.add(use({ pod: 'c' }));
    expect(agg.result()).toHaveLength(2);
    expect(agg.truncated).toBe(true);
  });
});

describe('humanSeconds', () => {
  it('says durations the way people do', () => {
    expect(humanSeconds(42)).toBe('42 s');
    expect(humanSeconds(125)).toBe('2 min');
    expect(humanSeconds(3600)).toBe('1 h');
    expect(humanSeconds(7500)).toBe('2 h 5 min');
    expect(humanSeconds(4 * 86400 + 3 * 3600)).toBe('4 d 3 h');
  });
});

/** A TokenRequest audit event at Request level: its body, never the token. */
function mintEvent(seconds: unknown, over: Record<string, unknown> = {}) {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    stage: 'ResponseComplete',
    verb: 'create',
    user: { username: 'ci-bot' },
    objectRef: {
      resource: 'serviceaccounts',
      subresource: 'token',
      namespace: 'shop',
      name: 'deployer',
      apiVersion: 'v1',
    },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: { kind: 'TokenRequest', spec: { audiences: ['vault'], expirationSeconds: seconds } },
    stageTimestamp: '2026-12-02T10:00:00Z',
    ...over,
  };
}

describe('tokenMintOf', () => {
  it('reads who asked, for whom, and the lifetime asked for', () => {
    expect(tokenMintOf(mintEvent(172800))).toEqual({
      minter: 'ci-bot',
      namespace: 'shop',
      serviceAccount: 'deployer',
      at: Date.parse('2026-12-02T10:00:00Z'),
      expirationSeconds: 172800,
      audiences: ['vault'],
      code: 201,
    });
  });
  it('ignores other requests, and mints without a recorded body', () => {
    expect(tokenMintOf(mintEvent(600, { verb: 'get' }))).toBeUndefined();
    expect(
      tokenMintOf(mintEvent(600, { objectRef: { resource: 'serviceaccounts', name: 'x' } })),
    ).toBeUndefined();
    expect(tokenMintOf(mintEvent(undefined))).toBeUndefined();
    expect(tokenMintOf(mintEvent(600, { requestObject: undefined }))).toBeUndefined();
  });
});

describe('LongLivedMintAggregator', () => {
  const mint = (over: Partial<TokenMint>): TokenMint => ({
    minter: 'ci-bot',
    namespace: 'shop',
    serviceAccount: 'deployer',
    at: Date.parse('2026-12-02T10:00:00Z'),
    expirationSeconds: 172800,
    audiences: [],
    code: 201,
    ...over,
  });
  it('keeps successful mints above the threshold, grouped by minter and account, longest first', () => {
    const agg = new LongLivedMintAggregator(Number.NEGATIVE_INFINITY, 86400);
    agg.add(mint({}));
    agg.add(mint({ expirationSeconds: 90000, at: Date.parse('2026-12-02T11:00:00Z'), boundKind: 'Pod' }));
    agg.add(mint({ expirationSeconds: 86400 }));
    agg.add(mint({ expirationSeconds: 600000, code: 403 }));
    agg.add(mint({ minter: 'alice', expirationSeconds: 604800, audiences: ['vault'] }));
    const [alice, bot] = agg.result();
    expect(alice).toMatchObject({
      minter: 'alice',
      maxSeconds: 604800,
      count: 1,
      audiences: ['vault'],
      unbound: true,
    });
    expect(bot).toMatchObject({
      minter: 'ci-bot',
      count: 2,
      maxSeconds: 172800,
      lastSeconds: 90000,
      unbound: true,
    });
    expect(agg.result()).toHaveLength(2);
  });
});
