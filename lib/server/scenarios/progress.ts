import 'server-only';
import type { ScenarioProgress, ScenarioProgressState } from '@/lib/contracts/scenario-progress';
import type { Session } from '@/lib/server/session/session';

/** Walkthroughs remembered per session (one per scenario and cluster); the least recently saved goes first. */
const MAX_SCENARIOS = 16;
/** One walkthrough's saved progress. */
export interface SavedProgress {
  progress: ScenarioProgress;
  savedAt: number;
}

function storeOf(session: Session): Map<string, SavedProgress> {
  session.progress ??= new Map();
  return session.progress;
}

/** One walkthrough per cluster: its progress names that cluster's objects and held tokens. */
const keyOf = (context: string, scenario: string) => `${context}\u0000${scenario}`;

const empty = (): ScenarioProgress => ({ results: {}, tokens: {}, projections: {}, events: [] });

/**
 * A walkthrough's progress in this session (empty when none was saved). It lives with the session,
 * in memory like the token vault, and ends with it: it names held tokens by id, never holds one.
 */
export function readProgress(session: Session, context: string, scenario: string): ScenarioProgressState {
  const saved = storeOf(session).get(keyOf(context, scenario));
  return {
    progress: saved?.progress ?? empty(),
    savedAt: saved?.savedAt ?? 0,
    // 0 for a caller without a stored session (a cookie-less read runs on an unstored one): the
    // page then knows it has no session yet rather than a new one on every read.
    sessionStartedAt: session.id ? session.createdAt : 0,
  };
}

/** Replaces a walkthrough's progress (already validated and size-checked by its schema). */
export function saveProgress(
  session: Session,
  context: string,
  scenario: string,
  progress: ScenarioProgress,
  now = Date.now(),
): ScenarioProgressState {
  const store = storeOf(session);
  const key = keyOf(context, scenario);
  store.delete(key);
  store.set(key, { progress, savedAt: now });
  while (store.size > MAX_SCENARIOS) {
    const oldest = store.keys().next().value;
    if (oldest === undefined) break;
    store.delete(oldest);
  }
  return readProgress(session, context, scenario);
}
