import { describe, expect, it } from 'vitest';
import { type ScenarioStep, scenarioStepSchema } from '@/lib/contracts/scenario-steps';
import { nextAction, shortTitle, stageAnswer, tokensInPlay } from './scenario-stage-model';

const step = (s: Record<string, unknown>): ScenarioStep =>
  scenarioStepSchema.parse({ title: 'A step', ...s });
const listPods = { verb: 'list', group: '', resource: 'pods', namespace: 'default' };

// The seed's token-request walkthrough, as scenario.yaml writes it (titles aside).
const seed = [
  step({ do: 'apply', manifest: '04-service-account.yaml' }),
  step({ do: 'apply', manifest: '05-role.yaml' }),
  step({ do: 'mint', serviceAccount: 'service-account-token-requester', as: 'requesterToken' }),
  step({
    do: 'mint',
    serviceAccount: 'service-account-pod-viewer',
    actAs: 'requesterToken',
    as: 'viewerToken',
  }),
  step({ do: 'try', token: 'viewerToken', request: listPods, expect: 200 }),
  step({ do: 'try', token: 'requesterToken', request: listPods, expect: 403 }),
  step({ do: 'wait-expiry', token: 'viewerToken', request: listPods }),
  step({ do: 'delete', kind: 'Secret', name: 'anchor' }),
  step({ do: 'teardown' }),
];
const objects = [
  { kind: 'ServiceAccount', file: '04-service-account.yaml' },
  { kind: 'ServiceAccount', file: '04-service-account.yaml' },
  { kind: 'ClusterRole', file: '05-role.yaml' },
  { kind: 'ClusterRoleBinding', file: '05-role.yaml' },
];

describe('shortTitle', () => {
  it('names each seed step in a few words, with the status a try expects', () => {
    expect(seed.map((s) => shortTitle(s, objects))).toEqual([
      '2 ServiceAccounts',
      'ClusterRole + ClusterRoleBinding',
      'Mint requester',
      'requester mints viewer',
      'viewer: list pods 200',
      'requester: list pods 403',
      'viewer expires: 401',
      'Delete Secret',
      'Clean up',
    ]);
  });

  it('falls back to the manifest’s name when its objects are unknown', () => {
    expect(shortTitle(step({ do: 'apply', manifest: '03-pod.yaml' }), [])).toBe('pod');
  });

  it('keeps a token name that is only "Token"', () => {
    expect(shortTitle(step({ do: 'whoami', token: 'Token' }), [])).toBe('Who is Token');
  });

  it('stays short enough for a chip', () => {
    for (const s of seed) expect(shortTitle(s, objects).length).toBeLessThanOrEqual(32);
  });
});

describe('tokensInPlay', () => {
  it('is the minted token and the one that minted it, or the token a step uses', () => {
    expect(seed.map(tokensInPlay)).toEqual([
      [],
      [],
      ['requesterToken'],
      ['viewerToken', 'requesterToken'],
      ['viewerToken'],
      ['requesterToken'],
      ['viewerToken'],
      [],
      [],
    ]);
  });
});

describe('nextAction', () => {
  it('runs the next step as it opens it', () => {
    expect(nextAction(seed, 4)).toEqual({
      index: 5,
      runs: true,
      label: 'Next: Send list pods with requesterToken',
    });
  });

  it('only opens a deletion or the teardown', () => {
    expect(nextAction(seed, 6)).toEqual({ index: 7, runs: false, label: 'Next step: A step' });
    expect(nextAction(seed, 7)?.runs).toBe(false);
  });

  it('offers nothing after the last step', () => {
    expect(nextAction(seed, seed.length - 1)).toBeNull();
  });
});

describe('stageAnswer', () => {
  const tried = (status: number, reason: string, message: string) => ({
    verdict: 'expected' as const,
    at: 1,
    result: {
      kind: 'try' as const,
      result: { status, reason, message, durationMs: 3, kubectl: 'kubectl', curl: 'curl' },
    },
  });

  it('is the API server’s own status, reason and message for a request', () => {
    const message = 'pods is forbidden: User "system:serviceaccount:default:r" cannot list resource "pods"';
    expect(stageAnswer(tried(403, 'Forbidden', message))).toEqual({
      status: 403,
      reason: 'Forbidden',
      message,
    });
  });

  it('counts a list’s items instead of repeating them', () => {
    const list = tried(200, 'OK', '1 item(s)');
    const counted = {
      ...list,
      result: { kind: 'try' as const, result: { ...list.result.result, itemCount: 1 } },
    };
    expect(stageAnswer(counted)).toEqual({ status: 200, reason: 'OK', message: '1 item' });
  });

  it('drops a message that only repeats the reason, and names a refused mint’s status', () => {
    expect(stageAnswer(tried(401, 'Unauthorized', 'Unauthorized'))?.message).toBe('');
    expect(
      stageAnswer({ verdict: 'expected', at: 1, result: { kind: 'refused', status: 403, detail: 'no' } }),
    ).toEqual({ status: 403, reason: 'Forbidden', message: 'no' });
  });

  it('has nothing to show for an apply, or a wait still waiting', () => {
    expect(
      stageAnswer({ verdict: 'waiting', at: 1, result: { kind: 'watch', token: 'viewerToken' } }),
    ).toBeNull();
    expect(stageAnswer({ verdict: 'expected', at: 1, result: { kind: 'project' } })).toBeNull();
  });
});
