import { describe, expect, it } from 'vitest';
import type { ScenarioProgress } from '@/lib/contracts/scenario-progress';
import { createSession } from '@/lib/server/session/session';
import { readProgress, saveProgress } from './progress';

const progress = (result: string): ScenarioProgress => ({
  results: { [result]: { status: 200 } } as unknown as ScenarioProgress['results'],
  tokens: {},
  projections: {},
  events: [],
});

describe('walkthrough progress', () => {
  it('is kept per cluster: a place saved on one context is not read on another', () => {
    const session = createSession(1_000);
    saveProgress(session, 'ctx-a', 'token-request', progress('step-1'), 2_000);
    expect(readProgress(session, 'ctx-a', 'token-request').savedAt).toBe(2_000);
    expect(Object.keys(readProgress(session, 'ctx-a', 'token-request').progress.results)).toEqual(['step-1']);
    expect(readProgress(session, 'ctx-b', 'token-request').savedAt).toBe(0);
    expect(readProgress(session, 'ctx-b', 'token-request').progress.results).toEqual({});
    saveProgress(session, 'ctx-b', 'token-request', progress('step-2'), 3_000);
    expect(Object.keys(readProgress(session, 'ctx-a', 'token-request').progress.results)).toEqual(['step-1']);
  });

  it('keeps at most 16 walkthroughs, dropping the least recently saved', () => {
    const session = createSession(1_000);
    for (let i = 0; i < 17; i++) saveProgress(session, `ctx-${i}`, 'token-request', progress('s'), 2_000 + i);
    expect(readProgress(session, 'ctx-0', 'token-request').savedAt).toBe(0);
    expect(readProgress(session, 'ctx-1', 'token-request').savedAt).toBe(2_001);
    expect(readProgress(session, 'ctx-16', 'token-request').savedAt).toBe(2_016);
  });
});
