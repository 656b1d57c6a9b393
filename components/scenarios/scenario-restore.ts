import type { ScenarioStep } from '@/lib/contracts/scenario-steps';
import type { ScenarioProgress } from '@/lib/contracts/scenario-progress';
import type { MintedToken } from '@/lib/contracts/tokens';
import type { ProjectionState, StepOutcome } from './scenario-actions';
import { notMintedText, renewStep, type TimelineEvent } from './scenario-model';
import { clockTime } from '@/components/tokens/token-clock';

// A walkthrough's place lives with the server session (lib/server/scenarios/progress.ts); these pure
// functions turn the guided view's state into what is saved (tokens by id) and back.

/** Timeline entries saved; the presenter's timeline shows the latest ones. */
export const SAVED_EVENTS = 60;

/** The guided view's state that survives a reload. */
export interface WalkthroughState {
  results: Record<number, StepOutcome>;
  tokens: Record<string, MintedToken>;
  projections: Record<number, ProjectionState>;
  events: TimelineEvent[];
}

/** The state as saved: every token by id, nothing of a token itself. */
export function toProgress(s: WalkthroughState): ScenarioProgress {
  return {
    results: Object.fromEntries(Object.entries(s.results).map(([k, v]) => [k, v])),
    tokens: Object.fromEntries(Object.entries(s.tokens).map(([name, t]) => [name, t.id])),
    projections: Object.fromEntries(
      Object.entries(s.projections).map(([k, { versions, rotating: _r, ...p }]) => [
        k,
        { ...p, versions: versions.map((v) => ({ n: v.n, tokenId: v.token.id, receivedAt: v.receivedAt })) },
      ]),
    ),
    events: s.events.slice(-SAVED_EVENTS),
  };
}

/** Restored state, and the token names whose id this session's vault does not know at all. */
export interface Restored extends WalkthroughState {
  unknown: string[];
}

/**
 * The saved state with each id resolved against the session's tokens (held or not: a dropped or
 * forgotten token keeps its metadata in the vault). Ids the vault does not know were lost with
 * an earlier session; file versions among them are left out.
 */
export function fromProgress(p: ScenarioProgress, known: readonly MintedToken[]): Restored {
  const byId = new Map(known.map((t) => [t.id, t]));
  const tokens: Record<string, MintedToken> = {};
  const unknown: string[] = [];
  for (const [name, id] of Object.entries(p.tokens)) {
    const t = byId.get(id);
    if (t) tokens[name] = t;
    else unknown.push(name);
  }
  const projections: Record<number, ProjectionState> = {};
  for (const [k, saved] of Object.entries(p.projections)) {
    const versions = saved.versions.flatMap((v) => {
      const token = byId.get(v.tokenId);
      return token ? [{ n: v.n, token, receivedAt: v.receivedAt }] : [];
    });
    const lost = versions.length < saved.versions.length;
    projections[Number(k)] = {
      ...saved,
      versions,
      rotating: false,
      stopped: saved.stopped || lost,
      error: lost ? 'File versions from before a server restart are gone.' : saved.error,
    };
  }
  const results = Object.fromEntries(Object.entries(p.results).map(([k, v]) => [Number(k), v]));
  return { results, tokens, projections, events: p.events, unknown };
}

/** How many distinct tokens the state refers to that the server still holds. */
export function heldCount(s: Pick<WalkthroughState, 'tokens' | 'projections'>): number {
  const all = [
    ...Object.values(s.tokens),
    ...Object.values(s.projections).flatMap((p) => p.versions.map((v) => v.token)),
  ];
  return new Set(all.filter((t) => t.held && t.status !== 'forgotten').map((t) => t.id)).size;
}

/** Whether a named token can be used for a step now. */
export function usable(t: MintedToken | undefined): t is MintedToken {
  return t?.held === true && t.status !== 'forgotten';
}

/**
 * Why a step cannot use the token it names, and the step that makes a new one: never minted,
 * expired and dropped after the leeway, forgotten, or lost with the session (server restart).
 */
export function missingTokenText(
  steps: readonly ScenarioStep[],
  name: string,
  token: MintedToken | undefined,
  lost: boolean,
  timeZone?: string,
): string {
  const renew = renewStep(steps, name);
  const again = renew >= 0 ? ` — run step ${renew + 1} again` : '';
  if (lost) return `${name} was dropped at a server restart (or the session ended)${again}.`;
  if (!token) return notMintedText(steps, name);
  if (token.status === 'forgotten') return `${name} was forgotten${again}.`;
  if (!token.held) {
    return `${name} expired at ${clockTime(token.jwtExpiresAt, timeZone)} (dropped after the leeway)${again}.`;
  }
  return `${name} is held.`;
}

/**
 * The cookie the browser remembers a walkthrough's held-token count in (scenario-sync.ts writes it;
 * the guided view's page reads it to know whether there is a restart to report).
 */
export const walkthroughMemoKey = (name: string) => `tokenscope-walkthrough-${encodeURIComponent(name)}`;

/** What the browser remembers across a restart: a count, never a token or an id. */
export interface HeldMemo {
  sessionStartedAt: number;
  held: number;
}

/**
 * The notice after the server restarted (or the session ended): the session began after the one
 * the browser last saw, while that one held tokens for this walkthrough.
 */
export function restartNotice(memo: HeldMemo | null, sessionStartedAt: number): string | null {
  if (!memo || memo.held === 0 || memo.sessionStartedAt === sessionStartedAt) return null;
  const n = memo.held === 1 ? '1 token' : `${memo.held} tokens`;
  return `The server restarted or the session ended: ${n} this walkthrough held ${memo.held === 1 ? 'is' : 'are'} gone. The cluster keeps what was applied; run the minting steps again.`;
}

/** Parses the remembered memo; anything unexpected counts as nothing remembered. */
export function parseHeldMemo(text: string | null): HeldMemo | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<HeldMemo>;
    return typeof v.sessionStartedAt === 'number' && typeof v.held === 'number'
      ? { sessionStartedAt: v.sessionStartedAt, held: v.held }
      : null;
  } catch {
    return null;
  }
}
