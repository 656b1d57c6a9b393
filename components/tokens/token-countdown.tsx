'use client';

import { memo, type RefObject, useEffect, useMemo, useRef } from 'react';
import { useOutage } from '@/components/layout/outage-store';
import { useOnScreen } from './token-on-screen';
import type { MintedToken } from '@/lib/contracts/tokens';
import {
  formatRemaining,
  type PhaseState,
  phaseAt,
  phaseTimeline,
  type TokenPhase,
} from '@/lib/tokens/lifecycle';
import { useNowWhile } from './token-ticker';
import {
  clockTimeFrom,
  describeProbe,
  type ProbeBoundary,
  PROBE_GRACE_MS,
  passedProbeBoundary,
  phaseWords,
  statusTone,
  tokenTimes,
  toneClass,
} from './token-view';

const barClass: Record<TokenPhase, string> = {
  valid: 'bg-emerald-500',
  'refresh-due': 'bg-sky-500',
  stale: 'bg-amber-500',
  expiring: 'bg-amber-500',
  leeway: 'bg-orange-600',
  rejected: 'bg-red-600',
};

export const phaseBadgeClass: Record<TokenPhase, string> = {
  valid: toneClass.ok,
  'refresh-due':
    'bg-sky-100 text-sky-900 ring-sky-600/30 dark:bg-sky-900/50 dark:text-sky-200 dark:ring-sky-400/30',
  stale: toneClass.warn,
  expiring: toneClass.warn,
  leeway:
    'bg-orange-100 text-orange-900 ring-orange-600/30 dark:bg-orange-900/50 dark:text-orange-200 dark:ring-orange-400/30',
  rejected: toneClass.bad,
};

export interface ProbeState {
  busy: boolean;
  error?: string;
}

/** A token's phase by the page's shared ticker (only at phase changes while off screen, if asked). */
export function useTokenPhase(
  token: MintedToken,
  ref: RefObject<HTMLElement | null>,
  { offScreenSaving = false, projected = false }: { offScreenSaving?: boolean; projected?: boolean } = {},
) {
  const onScreen = useOnScreen(ref);
  const timeline = useMemo(() => phaseTimeline(tokenTimes(token)), [token]);
  const boundaries = useMemo(() => [...timeline.starts, timeline.leewayEndsAt + PROBE_GRACE_MS], [timeline]);
  const now = useNowWhile(onScreen || !offScreenSaving, boundaries);
  const state = shownPhase(phaseAt(timeline, now), projected);
  const exp = useMemo(() => clockTimeFrom(timeline.expiresAt, timeline.issuedAt), [timeline]);
  return { timeline, now, state, exp, percent: Math.round(state.fractionElapsed * 1000) / 10 };
}

/** The countdown's figures: a normal card's, a just-minted card's, or the stage's (read from 10 m). */
const remainingSize = {
  normal: 'text-2xl',
  large: 'text-4xl sm:text-5xl',
  stage: 'text-5xl sm:text-6xl',
} as const;

/** The progress bar of a token's lifetime (scaleX, not width: it moves every second, a transform needs no layout). */
export function LifetimeBar({
  phase,
  percent,
  thick = false,
}: {
  phase: TokenPhase;
  percent: number;
  thick?: boolean;
}) {
  return (
    <div
      role="progressbar"
      aria-label="Share of the token’s lifetime used"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent} % of its lifetime used`}
      className={`${thick ? 'h-3' : 'h-2'} w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700`}
    >
      <div
        className={`h-full w-full origin-left ${barClass[phase]}`}
        style={{ transform: `scaleX(${percent / 100})` }}
      />
    </div>
  );
}

/** The time left, in a fixed-size box so the text changing every second relayouts only itself. */
export function RemainingTime({
  text,
  size,
  testId,
}: {
  text: string;
  size: keyof typeof remainingSize;
  testId: string;
}) {
  return (
    <span
      role="timer"
      aria-live="off"
      data-testid={testId}
      className={`inline-block h-[1.34em] font-mono leading-[1.34] font-semibold tabular-nums whitespace-nowrap [contain:strict] ${remainingSize[size]}`}
      style={{ width: `${text.length}ch` }}
    >
      {text}
    </span>
  );
}

/**
 * The live countdown of one token, driven by the page's shared ticker. At exp and again just after
 * the leeway it asks the server to try the token (once per boundary per page view), so the card shows
 * the API server's real answer rather than a prediction.
 */
export function TokenCountdown({
  token,
  probe,
  onProbe,
  offScreenSaving = false,
  projected = false,
  size = 'normal',
}: {
  token: MintedToken;
  probe: ProbeState | undefined;
  onProbe: (id: string, boundary: ProbeBoundary) => void;
  /** With many cards, off-screen countdowns re-render only when their phase changes. */
  offScreenSaving?: boolean;
  /**
   * A projected-volume token, which a kubelet rewrites at its refresh point. A token minted through
   * the TokenRequest API has no kubelet behind it: nothing refreshes it, so that point means nothing.
   */
  projected?: boolean;
  /** "large" for a card that was just minted, readable across a room. */
  size?: 'normal' | 'large';
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { timeline, now, state, exp, percent } = useTokenPhase(token, ref, { offScreenSaving, projected });
  const times = useMemo(() => {
    const at = (ms: number) => clockTimeFrom(ms, timeline.issuedAt);
    return {
      refresh: at(timeline.refreshAt),
      rejected: at(timeline.leewayEndsAt),
      stale: timeline.staleAt === null ? null : at(timeline.staleAt),
    };
  }, [timeline]);
  const boundary = token.held ? passedProbeBoundary(timeline, now) : null;
  const probed = useRef(new Set<ProbeBoundary>());

  useEffect(() => {
    if (!boundary || probed.current.has(boundary)) return;
    // Opened after the leeway: the exp answer is history, only the final one is worth asking for.
    probed.current.add('exp');
    probed.current.add(boundary);
    onProbe(token.id, boundary);
  }, [boundary, token.id, onProbe]);

  const outage = useOutage();
  const { label, detail, unknown } = phaseWords(state.phase, outage);
  const remaining = formatRemaining(state.remainingMs);
  const pastExp = state.phase === 'leeway' || state.phase === 'rejected';
  const leewayLeft = timeline.leewayEndsAt - now;

  return (
    <div
      ref={ref}
      data-testid="token-countdown"
      data-phase={state.phase}
      data-unknown={unknown || undefined}
      className="space-y-2"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <p
          aria-live="polite"
          data-testid="token-phase"
          className={`rounded-full px-2.5 py-0.5 font-medium ring-1 ring-inset ${size === 'large' ? 'text-lg' : 'text-sm'} ${unknown ? toneClass.neutral : phaseBadgeClass[state.phase]}`}
        >
          {label}
        </p>
        <p className="flex items-center gap-2">
          <RemainingTime text={remaining} size={size} testId="token-remaining" />
          <span className="text-sm text-slate-600 dark:text-slate-300">
            {pastExp ? 'since' : 'until'} exp ({exp})
          </span>
        </p>
        {state.phase === 'leeway' && (
          <p className="text-sm text-orange-800 dark:text-orange-200">
            leeway ends in <span className="font-mono tabular-nums">{formatRemaining(leewayLeft)}</span>
          </p>
        )}
      </div>
      <LifetimeBar phase={state.phase} percent={percent} />
      <p className="text-sm text-slate-600 dark:text-slate-300">{detail}</p>
      <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="token-times">
        {projected && <>kubelet refresh point {times.refresh} · </>}exp {exp} · rejected after{' '}
        {times.rejected}
        {times.stale !== null && <> · warnafter {times.stale}</>}
      </p>
      <ProbeLine token={token} probe={probe} />
    </div>
  );
}

/** Without a kubelet behind the token, its 'refresh-due' stretch is simply valid. */
function shownPhase(state: PhaseState, projected: boolean): PhaseState {
  return !projected && state.phase === 'refresh-due' ? { ...state, phase: 'valid' } : state;
}

// Memoized: the countdown re-renders every second, the probe line only when a probe changes it.
const ProbeLine = memo(function ProbeLine({
  token,
  probe,
}: {
  token: MintedToken;
  probe: ProbeState | undefined;
}) {
  const last = token.lastProbe;
  return (
    <div aria-live="polite" data-testid="token-probe" className="text-sm">
      {probe?.busy ? (
        <p className="text-slate-600 dark:text-slate-300">Asking the API server with this token…</p>
      ) : probe?.error ? (
        <p className="text-red-700 dark:text-red-400">Probe failed: {probe.error}</p>
      ) : last ? (
        <p className="flex flex-wrap items-center gap-2">
          <span
            className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset ${toneClass[statusTone(last.status)]}`}
          >
            {last.status}
          </span>
          <span>{describeProbe(last)}</span>
          {last.message && last.message.toLowerCase() !== last.reason.toLowerCase() && (
            <span className="text-slate-500 dark:text-slate-400">— {last.message}</span>
          )}
        </p>
      ) : null}
    </div>
  );
});
