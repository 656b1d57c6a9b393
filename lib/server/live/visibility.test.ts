import { beforeEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '@/lib/contracts/live';
import type { KubeClients } from '@/lib/kube/clients';
import { VISIBILITY_TTL_MS, resetVisibility, visibilityFilter, visibilityKey } from './visibility';

// The filter's own logic (scope, cache, fail closed) against a stand-in review function; the real
// path, SelfSubjectAccessReview against the API server, is test/integration/shared-events.test.ts.
type Attrs = { verb: string; resource: string; namespace?: string };

/** Clients whose only ability is answering SelfSubjectAccessReviews with `decide`. */
function fakeClients(decide: (a: Attrs) => boolean | Error) {
  const asked: Attrs[] = [];
  const authz = {
    createSelfSubjectAccessReview: async ({ body }: { body: { spec: { resourceAttributes: Attrs } } }) => {
      const a = body.spec.resourceAttributes;
      asked.push(a);
      const d = decide(a);
      if (d instanceof Error) throw d;
      return { status: { allowed: d } };
    },
  };
  return { clients: { authz, server: 'https://127.0.0.1:1' } as unknown as KubeClients, asked };
}

const change = (kind: ChangeEvent['kind'], namespace?: string): ChangeEvent =>
  ({
    kind,
    type: 'ADDED',
    name: 'x',
    resourceVersion: '1',
    ...(namespace ? { namespace } : {}),
  }) as ChangeEvent;

beforeEach(() => resetVisibility());

describe('visibilityFilter', () => {
  it('asks about list in the event’s namespace, and cluster-wide for cluster-scoped kinds', async () => {
    const { clients, asked } = fakeClients((a) => a.namespace === 'team-a');
    const visible = visibilityFilter(clients, 'u');
    expect(await visible(change('pods', 'team-a'))).toBe(true);
    expect(await visible(change('pods', 'team-b'))).toBe(false);
    expect(await visible(change('tokensecrets', 'team-a'))).toBe(true);
    expect(await visible(change('clusterroles', 'ignored'))).toBe(false);
    expect(asked).toEqual([
      { verb: 'list', group: '', resource: 'pods', namespace: 'team-a' },
      { verb: 'list', group: '', resource: 'pods', namespace: 'team-b' },
      { verb: 'list', group: '', resource: 'secrets', namespace: 'team-a' },
      { verb: 'list', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
    ]);
  });

  it('reuses a decision within the TTL and asks again after it', async () => {
    let now = 0;
    let allowed = true;
    const { clients, asked } = fakeClients(() => allowed);
    const visible = visibilityFilter(clients, 'u', () => now);
    expect(await visible(change('pods', 'a'))).toBe(true);
    allowed = false;
    now = VISIBILITY_TTL_MS - 1;
    expect(await visible(change('pods', 'a'))).toBe(true);
    now = VISIBILITY_TTL_MS;
    expect(await visible(change('pods', 'a'))).toBe(false);
    expect(asked).toHaveLength(2);
  });

  it('denies when the review fails', async () => {
    const { clients } = fakeClients(() => new Error('connection refused'));
    expect(await visibilityFilter(clients, 'u')(change('pods', 'a'))).toBe(false);
  });

  it('shares decisions between the streams of one user, not between users', async () => {
    const { clients, asked } = fakeClients(() => true);
    const alice = visibilityKey({ username: 'alice', groups: ['b', 'a'] });
    const streams = Array.from({ length: 50 }, () => visibilityFilter(clients, alice));
    await Promise.all(streams.map((visible) => visible(change('pods', 'a'))));
    expect(asked).toHaveLength(1);
    // Same principal, groups in another order: the same key.
    await visibilityFilter(clients, visibilityKey({ username: 'alice', groups: ['a', 'b'] }))(change('pods', 'a'));
    expect(asked).toHaveLength(1);
    await visibilityFilter(clients, visibilityKey({ username: 'alice', groups: ['a'] }))(change('pods', 'a'));
    await visibilityFilter(clients, visibilityKey({ username: 'bob', groups: ['a', 'b'] }))(change('pods', 'a'));
    expect(asked).toHaveLength(3);
  });

  it('does not remember a failed review', async () => {
    let fail = true;
    const { clients, asked } = fakeClients(() => (fail ? new Error('401') : true));
    expect(await visibilityFilter(clients, 'u')(change('pods', 'a'))).toBe(false);
    fail = false;
    expect(await visibilityFilter(clients, 'u')(change('pods', 'a'))).toBe(true);
    expect(asked).toHaveLength(2);
  });
});
