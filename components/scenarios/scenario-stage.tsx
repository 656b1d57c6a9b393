'use client';

import { useEffect, useRef, useState } from 'react';
import type { GuidedStep, ScenarioSummary } from '@/lib/contracts/scenarios-api';
import type { MintedToken } from '@/lib/contracts/tokens';
import { bringIntoView } from '@/components/ui/bring-into-view';
import type { StepOutcome } from './scenario-actions';
import type { ScenarioRunner } from './scenario-runner';
import { type NextAction, nextAction, stageAnswer, tokensInPlay } from './scenario-stage-model';
import { buttonClass } from '@/components/tokens/token-copy-button';
import { TokenCountdownStage } from '@/components/tokens/token-countdown-stage';
import { isUsable } from '@/components/tokens/token-view';
import { type CompareColumn, CompareColumns, compareTokens } from '@/components/tokens/try-compare';
import { describeTry } from '@/components/tokens/try-command';
import { primaryButtonClass } from '@/components/ui/form-styles';
import { StageStatus } from '@/components/tokens/try-result';

/** The held, usable tokens of the walkthrough, by the names its steps gave them. */
function namedUsable(tokens: Record<string, MintedToken>): [string, MintedToken][] {
  return Object.entries(tokens).filter(([, t]) => isUsable(t));
}

/**
 * The top of a step's outcome. In presenter mode: the API server's status and reason in figures a
 * room can read, and the countdown of each token in play. In both modes: "Why denied?" (to the
 * explanation), the same request with every held token side by side, and the next step.
 */
/** What a step's outcome view is given: the step, its outcome, and the walkthrough around it. */
export interface StepOutcomeProps {
  scenario: ScenarioSummary;
  step: GuidedStep;
  index: number;
  outcome: StepOutcome;
  runner: ScenarioRunner;
  presenter: boolean;
  /** The outcome arrived while the step was open (not restored on opening it): bring it into view. */
  fresh: boolean;
  onNext: (next: NextAction) => void;
}

export function ScenarioStage({
  scenario,
  step,
  index,
  outcome,
  runner,
  presenter,
  fresh,
  whyDeniedId,
  onNext,
}: StepOutcomeProps & {
  /** The id of the step's "Why denied?" section, when it has one. */
  whyDeniedId: string | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const compareRef = useRef<HTMLDivElement>(null);
  const [compared, setCompared] = useState<{ ran: string; columns: CompareColumn[] } | null>(null);
  const [comparing, setComparing] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: each new outcome (a step sent again) is brought into view.
  useEffect(() => {
    if (fresh && ref.current) bringIntoView(ref.current);
  }, [fresh, outcome.at]);
  useEffect(() => {
    if (compared && compareRef.current) bringIntoView(compareRef.current);
  }, [compared]);

  const answer = stageAnswer(outcome);
  const inPlay = tokensInPlay(step).flatMap((name) => {
    const t = runner.tokens[name];
    return t && isUsable(t) ? [{ name, token: t }] : [];
  });
  const usable = step.do === 'try' ? namedUsable(runner.tokens) : [];
  const next = nextAction(scenario.steps, index);
  const button = presenter ? `${buttonClass} px-4 py-2 text-base` : buttonClass;

  async function compare() {
    if (step.do !== 'try' || comparing) return;
    setComparing(true);
    const names = new Map(usable.map(([name, t]) => [t.id, name]));
    const columns = await compareTokens(
      usable.map(([, t]) => t),
      step.request,
      (t) => names.get(t.id) ?? t.id,
    );
    setCompared({ ran: describeTry(step.request), columns });
    setComparing(false);
  }

  function showWhy() {
    const section = whyDeniedId ? document.getElementById(whyDeniedId) : null;
    if (!section) return;
    bringIntoView(section, 'start');
    section.focus({ preventScroll: true });
  }

  return (
    <div ref={ref} data-testid="scenario-stage" className="scroll-my-4 space-y-3">
      {presenter && (answer || inPlay.length > 0) && (
        <div className="space-y-2">
          <div className="flex flex-wrap items-end gap-x-10 gap-y-3">
            {answer && (
              <p data-testid="stage-answer" className="flex flex-wrap items-center gap-x-3">
                <StageStatus status={answer.status} testId="stage-status" />
                <span className="text-2xl font-semibold sm:text-3xl">{answer.reason}</span>
              </p>
            )}
            {inPlay.map(({ name, token }) => (
              <TokenCountdownStage key={token.id} name={name} token={token} />
            ))}
          </div>
          {answer?.message && <p className="max-w-4xl text-sm break-words sm:text-base">{answer.message}</p>}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2">
        {whyDeniedId && answer?.status === 403 && (
          <button type="button" className={button} onClick={showWhy} data-testid="stage-why">
            Why denied? ↓
          </button>
        )}
        {step.do === 'try' && usable.length >= 2 && (
          <button
            type="button"
            className={button}
            onClick={compare}
            aria-disabled={comparing}
            data-testid="stage-compare"
          >
            {comparing ? 'Comparing…' : `Compare: same request, ${usable.length} tokens`}
          </button>
        )}
        {next && (
          <button
            type="button"
            className={presenter ? `${primaryButtonClass} px-4 py-2 text-base` : primaryButtonClass}
            disabled={runner.busy !== null}
            onClick={() => onNext(next)}
            data-testid="stage-next"
          >
            {next.label}
          </button>
        )}
      </div>
      {compared && (
        <div ref={compareRef} className="scroll-my-4">
          <CompareColumns columns={compared.columns} ran={compared.ran} large={presenter} />
        </div>
      )}
    </div>
  );
}
