'use client';

import { useRef } from 'react';
import type { MintedToken } from '@/lib/contracts/tokens';
import { formatRemaining } from '@/lib/tokens/lifecycle';
import { useOutage } from '@/components/layout/outage-store';
import { LifetimeBar, phaseBadgeClass, RemainingTime, useTokenPhase } from './token-countdown';
import { phaseWords, toneClass } from './token-view';

/**
 * A token in play, for the back row: its name, the time left in figures a room can read and the
 * state word beside them. It only shows the clock; the token's card (or the expiry watch) asks the
 * API server at exp and after the leeway.
 */
export function TokenCountdownStage({ name, token }: { name: string; token: MintedToken }) {
  const ref = useRef<HTMLDivElement>(null);
  const { state, exp, percent } = useTokenPhase(token, ref);
  const { label, unknown } = phaseWords(state.phase, useOutage());
  const remaining = formatRemaining(state.remainingMs);
  const pastExp = state.phase === 'leeway' || state.phase === 'rejected';
  return (
    <div
      ref={ref}
      data-testid="stage-countdown"
      data-token={name}
      data-phase={state.phase}
      className="min-w-0 space-y-1"
    >
      <p className="text-sm font-semibold">
        {name}{' '}
        <span className="font-normal">
          · {pastExp ? 'since' : 'until'} exp {exp}
        </span>
      </p>
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <RemainingTime text={remaining} size="stage" testId="stage-remaining" />
        <span
          data-testid="stage-phase"
          className={`rounded-full px-3 py-0.5 text-xl font-semibold ring-2 sm:text-2xl ring-inset ${unknown ? toneClass.neutral : phaseBadgeClass[state.phase]}`}
        >
          {label}
        </span>
      </p>
      <LifetimeBar phase={state.phase} percent={percent} thick />
    </div>
  );
}
