'use client';

import { memo, useEffect, useMemo } from 'react';
import type { ScenarioSummary } from '@/lib/contracts/scenarios-api';
import { preloadActions } from './scenario-actions-loader';
import { ScenarioExpiryWatcher, ScenarioRotator } from './scenario-clock';
import { type ScenarioRunner, useScenarioRunner } from './scenario-runner';

/**
 * The step runner, loaded on demand (scenario-runner-lazy.ts): holds the walkthrough's state, hands
 * every new state to the guided view, and runs the timers that act on held tokens (the simulated
 * kubelet's rotation, "expired" on the timeline). Renders nothing visible. Memoized: the view
 * re-rendering with the state it was handed does not render it again.
 */
export const ScenarioRunnerHost = memo(function ScenarioRunnerHost({
  scenario,
  onRunner,
}: {
  scenario: ScenarioSummary;
  onRunner: (runner: ScenarioRunner) => void;
}) {
  const runner = useScenarioRunner(scenario);
  useEffect(() => onRunner(runner), [runner, onRunner]);
  // Wanted means a step is about to run: what steps do starts downloading now.
  useEffect(() => preloadActions(), []);

  const watched = useMemo(
    () => [
      ...scenario.steps.flatMap((s, i) =>
        s.do === 'wait-expiry' && runner.results[i]
          ? [runner.tokens[s.token]].filter((t) => t !== undefined)
          : [],
      ),
      ...Object.values(runner.projections).flatMap((p) => p.versions.map((v) => v.token)),
    ],
    [scenario.steps, runner.results, runner.tokens, runner.projections],
  );

  return (
    <>
      <ScenarioRotator projections={runner.projections} onRotate={runner.rotate} />
      <ScenarioExpiryWatcher tokens={watched} onEvent={runner.record} />
    </>
  );
});
