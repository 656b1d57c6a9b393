import { describe, expect, it } from 'vitest';
import {
  describeRequest,
  parseAuditLine,
  serviceAccountUsername,
  toAuditRecord,
  UseAggregator,
} from './audit-use';

const user = serviceAccountUsername('demo', 'viewer');

function event(
  over: Record<string, unknown> = {},
  ref: Record<string, unknown> | null = { resource: 'pods', namespace: 'demo', apiVersion: 'v1' },
) {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/demo/pods',
    verb: 'list',
    user: { username: user, groups: ['system:serviceaccounts'] },
    ...(ref ? { objectRef: ref } : {}),
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-12-02T10:00:00.000000Z',
    stageTimestamp: '2026-12-02T10:00:00.010000Z',
    annotations: { 'authorization.k8s.io/decision': 'allow' },
    ...over,
  };
}

describe('toAuditRecord', () => {
  it('reads verb, resource, subresource, namespace, name, code and decision', () => {
    const r = toAuditRecord(
      event(
        { verb: 'get', responseStatus: { code: 200 } },
        { resource: 'pods', subresource: 'log', namespace: 'demo', name: 'p1', apiVersion: 'v1' },
      ),
    );
    expect(r).toMatchObject({
      username: user,
      verb: 'get',
      group: '',
      resource: 'pods',
      subresource: 'log',
      namespace: 'demo',
      name: 'p1',
      code: 200,
      decision: 'allow',
      path: null,
    });
    expect(r?.at).toBe(Date.parse('2026-12-02T10:00:00.010Z'));
  });
  it('reads a non-resource request by its path, without the query', () => {
    expect(toAuditRecord(event({ verb: 'get', requestURI: '/version?timeout=32s' }, null))).toMatchObject({
      path: '/version',
      resource: '',
    });
  });
  it('skips stages other than ResponseComplete, and non-events', () => {
    expect(toAuditRecord(event({ stage: 'RequestReceived' }))).toBeUndefined();
    expect(toAuditRecord({ kind: 'Pod' })).toBeUndefined();
    expect(parseAuditLine('not json')).toBeUndefined();
    expect(parseAuditLine('{"truncated')).toBeUndefined();
  });
  it('never copies request or response bodies', () => {
    const r = toAuditRecord(
      event({ requestObject: { secret: 'x' }, responseObject: { status: { token: 'ey…' } } }),
    );
    expect(JSON.stringify(r)).not.toContain('ey…');
    expect(JSON.stringify(r)).not.toContain('secret');
  });
});

describe('UseAggregator', () => {
  it('counts distinct requests with last seen and codes, within the window and for the user only', () => {
    const agg = new UseAggregator(
      user,
      Date.parse('2026-12-02T09:00:00Z'),
      Date.parse('2026-12-02T11:00:00Z'),
    );
    const lines = [
      event(),
      event({ stageTimestamp: '2026-12-02T10:30:00Z' }),
      event({ stageTimestamp: '2026-12-02T08:00:00Z' }), // before the window
      event({ user: { username: serviceAccountUsername('demo', 'other') } }),
      event(
        { verb: 'get', responseStatus: { code: 404 } },
        { resource: 'pods', namespace: 'demo', name: 'gone', apiVersion: 'v1' },
      ),
      event(
        {
          verb: 'list',
          responseStatus: { code: 403 },
          annotations: { 'authorization.k8s.io/decision': 'forbid' },
        },
        { resource: 'secrets', namespace: 'demo', apiVersion: 'v1' },
      ),
    ].map((e) => JSON.stringify(e));
    for (const l of lines) {
      const r = parseAuditLine(l);
      if (r) agg.add(r);
    }
    const { used, denied } = agg.result();
    expect(agg.events).toBe(4);
    expect(used).toHaveLength(2);
    expect(used[0]).toMatchObject({
      verb: 'list',
      resource: 'pods',
      namespace: 'demo',
      name: null,
      count: 2,
      codes: { '200': 2 },
      lastSeen: '2026-12-02T10:30:00.000Z',
      denied: false,
    });
    expect(used[1]).toMatchObject({ verb: 'get', name: 'gone', codes: { '404': 1 } });
    expect(denied).toEqual([
      expect.objectContaining({ verb: 'list', resource: 'secrets', denied: true, codes: { '403': 1 } }),
    ]);
  });
  it('treats a 403 without a decision annotation as denied, and a request allowed once as used', () => {
    const agg = new UseAggregator(user, 0, Number.MAX_SAFE_INTEGER);
    const add = (o: Record<string, unknown>) => agg.add(toAuditRecord(event(o)) as never);
    add({ responseStatus: { code: 403 }, annotations: {} });
    add({ responseStatus: { code: 200 } });
    expect(agg.result().used).toHaveLength(1);
    expect(agg.result().used[0]?.codes).toEqual({ '200': 1, '403': 1 });
  });
  it('keeps at most max distinct requests and says so', () => {
    const agg = new UseAggregator(user, 0, Number.MAX_SAFE_INTEGER, 3);
    for (let i = 0; i < 10; i++)
      agg.add(
        toAuditRecord(
          event({ verb: 'get' }, { resource: 'pods', namespace: 'demo', name: `p${i}`, apiVersion: 'v1' }),
        ) as never,
      );
    expect(agg.result().used).toHaveLength(3);
    expect(agg.truncated).toBe(true);
  });
  it('describes requests in words', () => {
    expect(
      describeRequest({
        verb: 'get',
        group: 'apps',
        resource: 'deployments',
        subresource: 'scale',
        namespace: 'a',
        name: 'web',
        path: null,
      }),
    ).toBe('get deployments/scale.apps web in a');
    expect(
      describeRequest({
        verb: 'list',
        group: '',
        resource: 'nodes',
        subresource: '',
        namespace: null,
        name: null,
        path: null,
      }),
    ).toBe('list nodes (cluster-wide)');
  });
});
