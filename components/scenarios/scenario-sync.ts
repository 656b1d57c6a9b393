import { scenarioApi } from '@/lib/client/scenarios';
import type { ScenarioProgressState } from '@/lib/contracts/scenario-progress';
import {
  heldCount,
  parseHeldMemo,
  type Restored,
  fromProgress,
  restartNotice,
  toProgress,
  type WalkthroughState,
  walkthroughMemoKey as memoKey,
} from './scenario-restore';
import { tokenApi } from '@/lib/client/tokens';

// The walkthrough's place is saved to the server session after every change and read back on load,
// on focus (a second tab) and after a "no such token" answer (the server may have restarted).

/** The memo lives in a plain cookie (a day, this site only): never in Web Storage, where nothing of a token's may go. */
function readCookie(key: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === key) return decodeURIComponent(v.join('='));
  }
  return null;
}

export interface Loaded extends Restored {
  savedAt: number;
  sessionStartedAt: number;
  /** Set when the session is not the one the browser last saw and that one held tokens. */
  notice: string | null;
}

function readMemo(name: string) {
  try {
    return parseHeldMemo(readCookie(memoKey(name)));
  } catch {
    return null;
  }
}

/** Remembers how many tokens the walkthrough holds in which session: a count, no token, no id. */
function writeMemo(name: string, sessionStartedAt: number, held: number): void {
  try {
    const secure = window.location.protocol === 'https:' ? '; Secure' : '';
    // biome-ignore lint/suspicious/noDocumentCookie: a count and a time, escaped; no secret.
    document.cookie = `${memoKey(name)}=${encodeURIComponent(JSON.stringify({ sessionStartedAt, held }))}; Path=/; Max-Age=86400; SameSite=Strict${secure}`;
  } catch {
    // Cookies may be off; the restart notice is then simply not shown.
  }
}

/** The saved place with its token ids resolved against the session's vault. */
export async function loadWalkthrough(name: string): Promise<Loaded> {
  // One after the other: after a restart the first answer sets the new session's cookie.
  const state = await scenarioApi.progress(name);
  const { tokens } = await tokenApi.list();
  const restored = fromProgress(state.progress, tokens);
  const notice = restartNotice(readMemo(name), state.sessionStartedAt);
  writeMemo(name, state.sessionStartedAt, heldCount(restored));
  return { ...restored, savedAt: state.savedAt, sessionStartedAt: state.sessionStartedAt, notice };
}

/**
 * Saves the place; returns the server's save time and session start. The memo follows only within
 * the session the page knows (`knownSession`, 0 before the first load): a save that landed in a new
 * session (the server restarted) leaves the old memo, so the next load can say what was lost.
 */
export async function saveWalkthrough(
  name: string,
  s: WalkthroughState,
  knownSession: number,
): Promise<ScenarioProgressState> {
  const saved = await scenarioApi.saveProgress(name, toProgress(s));
  if (knownSession === 0 || saved.sessionStartedAt === knownSession)
    writeMemo(name, saved.sessionStartedAt, heldCount(s));
  return saved;
}

/** The server's save time of the place, to tell whether another tab moved on. */
export async function savedAt(name: string): Promise<ScenarioProgressState> {
  return scenarioApi.progress(name);
}
