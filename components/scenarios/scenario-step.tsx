'use client';

import { lazy, type ReactNode, type Ref, useRef } from 'react';
import type { ScenarioObjectState } from '@/lib/contracts/scenario-state';
import type { GuidedStep, ScenarioSummary } from '@/lib/contracts/scenarios-api';
import { PresenceMark } from './presence-mark';
import { tokensNeeded } from './scenario-model';
import type { StepTexts } from './scenario-step-texts';
import type { ScenarioRunner } from './scenario-runner';
import type { NextAction } from './scenario-stage-model';
import { primaryButtonClass } from '@/components/ui/form-styles';
import { ChunkBoundary } from '@/components/ui/chunk-boundary';

// A step's result (token card, verifier, compare columns, "Why denied?", projection) is loaded once a
// step has an outcome, not with the page: about 16 kB compressed that no step shows before it runs.
// The run button starts the download when the pointer or focus reaches it (and asks for the step
// runner, whose host starts the step actions' download), so the code is there before the API answers.
const loadStepResult = () => import('./scenario-step-result');
const ScenarioStepResult = lazy(() => loadStepResult().then((m) => ({ default: m.ScenarioStepResult })));
const preloadStepResult = () => {
  void loadStepResult().catch(() => undefined);
};

/**
 * One step: what it does and why, its YAML and commands, the button that does it, and the result.
 * In presenter mode the result comes right under the button and the YAML after it, so what the room
 * waits for is on screen without scrolling.
 */
export function ScenarioStepCard({
  scenario,
  index,
  texts,
  cluster,
  applied,
  code,
  runner,
  presenter,
  readOnly,
  headingRef,
  onNext,
  onReachRun,
}: {
  scenario: ScenarioSummary;
  index: number;
  /** The step's words (button, kind, expectation), worked out by the page. */
  texts: StepTexts;
  cluster: ScenarioObjectState[];
  /** Every object of the step's manifest is in the cluster already (appliedSteps, on the server). */
  applied: boolean;
  /** The step's YAML and commands (ScenarioStepCode, rendered by the page on the server). */
  code: ReactNode;
  runner: ScenarioRunner;
  presenter: boolean;
  readOnly: boolean;
  headingRef: Ref<HTMLHeadingElement>;
  onNext: (next: NextAction) => void;
  /** The run button is reached (pointer or focus): the step runner is wanted soon. */
  onReachRun: () => void;
}) {
  // The card is keyed by step: an outcome newer than this is one the presenter just asked for.
  const openedAt = useRef(Date.now());
  const step = scenario.steps[index];
  if (!step) return null;
  const outcome = runner.results[index];
  const missing = tokensNeeded(step).filter(
    (n) => !runner.tokens[n]?.held || runner.tokens[n]?.status === 'forgotten',
  );
  const running = runner.busy === index;
  const expect = texts.expect;
  return (
    <section
      id={`step-${index + 1}`}
      aria-labelledby={`step-${index + 1}-title`}
      data-testid="scenario-step"
      data-step={index + 1}
      data-do={step.do}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header>
        <p className="text-xs font-medium uppercase tracking-wide text-sky-700 dark:text-sky-300">
          Step {index + 1} of {scenario.steps.length} · {texts.kind}
        </p>
        <h2
          id={`step-${index + 1}-title`}
          ref={headingRef}
          tabIndex={-1}
          className="mt-1 text-xl font-semibold"
        >
          {step.title}
        </h2>
        {step.explain && <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-200">{step.explain}</p>}
      </header>
      {step.do === 'apply' && (
        <StepCluster step={step} cluster={cluster} all={applied} hasRun={outcome !== undefined} />
      )}
      {!presenter && code}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          data-testid="step-run"
          className={`${primaryButtonClass} ${presenter ? 'px-5 py-2.5 text-lg' : ''}`}
          disabled={readOnly || (runner.busy !== null && !running)}
          aria-disabled={running}
          onPointerEnter={() => {
            onReachRun();
            preloadStepResult();
          }}
          onFocus={() => {
            onReachRun();
            preloadStepResult();
          }}
          onClick={() => {
            preloadStepResult();
            void runner.run(index);
          }}
        >
          {running
            ? 'Running…'
            : outcome && step.do !== 'wait-expiry'
              ? `${texts.action} again`
              : texts.action}
        </button>
        {expect && <span className="text-sm font-medium">{expect}</span>}
        {missing.length > 0 && (
          <span data-testid="step-needs" className="text-sm text-amber-800 dark:text-amber-200">
            {missing.map((n) => runner.missingText(n)).join(' ')}
          </span>
        )}
      </div>
      <section aria-label={`Outcome of step ${index + 1}`} aria-live="polite" data-testid="step-outcome">
        {outcome && (
          <ChunkBoundary what="The step’s result" loading="Loading the result…">
            <ScenarioStepResult
              scenario={scenario}
              step={step}
              index={index}
              outcome={outcome}
              runner={runner}
              presenter={presenter}
              readOnly={readOnly}
              fresh={outcome.at >= openedAt.current}
              onNext={onNext}
            />
          </ChunkBoundary>
        )}
      </section>
      {presenter && code}
    </section>
  );
}

/** An apply step's objects as the cluster holds them now, whoever applied them and when. */
function StepCluster({
  step,
  cluster,
  all,
  hasRun,
}: {
  step: Extract<GuidedStep, { do: 'apply' }>;
  cluster: ScenarioObjectState[];
  all: boolean;
  hasRun: boolean;
}) {
  const objects = cluster.filter((o) => o.file === step.manifest);
  if (objects.length === 0) return null;
  return (
    <div
      data-testid="step-cluster"
      data-state={all ? 'applied' : 'not-applied'}
      className="rounded-md bg-slate-50 px-3 py-2 text-sm dark:bg-slate-800/60"
    >
      <p className="font-medium">
        {all
          ? hasRun
            ? 'In the cluster now.'
            : 'Already in the cluster: applied earlier (npm run demo or Apply), labelled by Tokenscope. Running the step again changes nothing.'
          : 'In the cluster now:'}
      </p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 font-mono text-xs">
        {objects.map((o) => (
          <li key={`${o.kind}/${o.namespace ?? ''}/${o.name}`} className="flex items-center gap-1 break-all">
            <PresenceMark presence={o.presence} />
            {o.kind}/{o.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
