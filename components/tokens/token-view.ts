import type { MintedToken, Probe } from '@/lib/contracts/tokens';
import { clockTime } from './token-clock';
import { LEEWAY_SECONDS } from '@/lib/k8s/token-lifetime';
import {
  describeGranted,
  type PhaseTimeline,
  type TokenPhase,
  type TokenTimes,
} from '@/lib/tokens/lifecycle';

// Display rules for a held token, kept out of the components so they can be tested without a DOM.
// Its name, identity and list helpers (token-identity.ts) and wall-clock times (token-clock.ts) are
// modules of their own, which pages import without this one: it comes with the lazily loaded cards.
export { isUsable, keepUnchanged, subjectOf, tokenHandle } from './token-identity';
export { clockTime, clockTimeFrom } from './token-clock';

/** How long after the leeway ends the card waits before probing, so the API server has surely moved on. */
export const PROBE_GRACE_MS = 5000;

/** The token's lifetime for the lifecycle math: the JWT iat/exp (not the TokenRequest status). */
export function tokenTimes(t: MintedToken): TokenTimes {
  const times: TokenTimes = { issuedAt: Date.parse(t.issuedAt), expiresAt: Date.parse(t.jwtExpiresAt) };
  if (t.warnAfter) times.warnAfter = Date.parse(t.warnAfter);
  return times;
}

/** The two moments a card asks the API server by itself: at exp, and just after the leeway. */
export type ProbeBoundary = 'exp' | 'leeway';

/** The latest probe boundary that `now` is strictly past, or null before exp. */
export function passedProbeBoundary(timeline: PhaseTimeline, now: number): ProbeBoundary | null {
  if (now > timeline.leewayEndsAt + PROBE_GRACE_MS) return 'leeway';
  if (now > timeline.expiresAt) return 'exp';
  return null;
}

/** Words for each phase: a short label and what it means for whoever holds the token. */
export const phaseText: Record<TokenPhase, { label: string; detail: string }> = {
  valid: { label: 'Valid', detail: 'The API server accepts this token.' },
  'refresh-due': {
    label: 'Past kubelet’s refresh point',
    detail: 'Over 80 % of its lifetime is gone: a kubelet would already have fetched a fresh token.',
  },
  stale: {
    label: 'Stale (past warnafter)',
    detail: 'Still accepted, but the API server now records each use as stale in its audit log.',
  },
  expiring: { label: 'Expiring', detail: 'Less than a tenth of its lifetime (or a minute) is left.' },
  leeway: {
    label: 'Expired — inside the leeway',
    detail: `Past exp, yet the API server still accepts it for up to ${LEEWAY_SECONDS} s (clock-skew leeway).`,
  },
  rejected: {
    label: 'Rejected',
    detail: `Past exp + ${LEEWAY_SECONDS} s: the API server answers 401 Unauthorized.`,
  },
};

/**
 * The words for a phase while the API server cannot be reached: what it would answer is unknown,
 * so a card never says "Valid · The API server accepts this token" then. Rejected stays rejected:
 * past exp + leeway no API server accepts the token, reachable or not.
 */
export function phaseWords(phase: TokenPhase, outage: boolean): { label: string; detail: string; unknown: boolean } {
  const words = phaseText[phase];
  if (!outage || phase === 'rejected') return { ...words, unknown: false };
  return {
    label: 'Unknown',
    detail: `The API server cannot be reached, so whether it accepts this token now is unknown. By the clock: ${words.label.toLowerCase()}.`,
    unknown: true,
  };
}

/** Color family for an HTTP status: 2xx ok, 403 (and other 4xx) warn, 401 bad, else neutral. */
export function statusTone(status: number): 'ok' | 'warn' | 'bad' | 'neutral' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status >= 500) return 'bad';
  if (status >= 400) return 'warn';
  return 'neutral';
}

/** Tailwind classes for a status badge of the given tone, light and dark. */
export const toneClass: Record<ReturnType<typeof statusTone>, string> = {
  ok: 'bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-900/50 dark:text-emerald-200 dark:ring-emerald-400/30',
  warn: 'bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-900/50 dark:text-amber-200 dark:ring-amber-400/30',
  bad: 'bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-900/50 dark:text-red-200 dark:ring-red-400/30',
  neutral:
    'bg-slate-100 text-slate-800 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-400/30',
};

/** "API server answered 401 Unauthorized at 16:49:03": what the last probe proved. */
export function describeProbe(probe: Probe, timeZone?: string): string {
  const reason = probe.reason ? ` ${probe.reason}` : '';
  return `API server answered ${probe.status}${reason} at ${clockTime(probe.at, timeZone)}`;
}

/** A lifetime in the largest whole unit that fits: "600 s (10 min)", "86400 s (1 day)". */
export function formatSeconds(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'h'],
    [60, 'min'],
  ];
  for (const [size, unit] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${seconds} s (${n} ${unit}${unit === 'day' && n !== 1 ? 's' : ''})`;
    }
  }
  return `${seconds} s`;
}

/** Requested vs granted lifetime in words; imported tokens were not requested here, so only their span. */
export function grantedSummary(t: MintedToken): { clamped: boolean; extended: boolean; text: string } {
  const span = Math.round((Date.parse(t.jwtExpiresAt) - Date.parse(t.issuedAt)) / 1000);
  if (t.origin === 'imported') {
    return {
      clamped: false,
      extended: false,
      text: `imported: lives ${formatSeconds(span)} from iat to exp`,
    };
  }
  return describeGranted(t.requestedExpirationSeconds, span);
}
