'use client';

import Link from '@/components/ui/cluster-link';
import { useRouter } from 'next/navigation';
import { lazy, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { ScenarioObjectState } from '@/lib/contracts/scenario-state';
import type { ScenarioSummary } from '@/lib/contracts/scenarios-api';
import { presenterCookie, presenterUrl } from '@/components/layout/presenter-prefs';
import { PresenterSwitch } from '@/components/layout/presenter-switch';
import { ChunkBoundary } from '@/components/ui/chunk-boundary';
import { navigationKey, stepIndexFrom, stepUrl } from './scenario-model';
import { ScenarioProgress } from './scenario-progress';
import type { NextAction } from './scenario-stage-model';
import { useLazyRunner } from './scenario-runner-lazy';
import type { StepTexts } from './scenario-step-texts';
import { ScenarioStepCard } from './scenario-step';
import { buttonClass } from '@/components/tokens/token-copy-button';

// The presenter's timeline shows only in presenter mode; its code loads then.
const PresenterTimeline = lazy(() =>
  import('./presenter-timeline').then((m) => ({ default: m.PresenterTimeline })),
);

/**
 * The guided view of one scenario: a step at a time with its YAML, commands, a button that does it
 * against the cluster and the result inline; keyboard navigation, deep links (?step=N or #step-N),
 * "Run to here", and presenter mode (large type, high contrast, masked tokens, a timeline).
 */
export function ScenarioGuide({
  scenario,
  texts,
  cluster,
  applied,
  code,
  initialStep,
  initialPresenter,
  readOnly,
  restore,
  presenterNotice,
}: {
  scenario: ScenarioSummary;
  /** Each step's words (stepTexts, on the server). */
  texts: StepTexts[];
  /** What of the scenario is in the cluster now (server-rendered, refreshed on live changes). */
  cluster: ScenarioObjectState[];
  /** Each step's objects are all in the cluster already (appliedSteps, on the server). */
  applied: boolean[];
  /** Each step's YAML and commands (ScenarioStepCode), rendered on the server. */
  code: ReactNode[];
  initialStep: number;
  initialPresenter: boolean;
  readOnly: boolean;
  /** This session has a saved place to read back (or a restart to report): the runner loads at once. */
  restore: boolean;
  /** The presenter-mode chip (rendered by the server), shown while presenting. */
  presenterNotice: ReactNode;
}) {
  const count = scenario.steps.length;
  const [current, setCurrent] = useState(initialStep);
  const [presenter, setPresenter] = useState(initialPresenter);
  const [notice, setNotice] = useState<string | null>(null);
  const { runner, host, want, failure } = useLazyRunner(scenario, restore);
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  // Until hydration the buttons and keys do nothing; tests (and curious people) can see when they do.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);

  const go = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(count - 1, index));
      moved.current = true;
      setCurrent(next);
    },
    [count],
  );

  // Before the URL effect below, which drops the #step-N it reads.
  useEffect(() => {
    const fromHash = () => {
      const index = stepIndexFrom(window.location.hash.slice(1), count);
      if (index !== null) go(index);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, [count, go]);

  // The URL follows the step (replaceState: a deep link, not a history entry per step); focus moves
  // to the new step's heading so screen readers announce it, but not on the first render.
  useEffect(() => {
    window.history.replaceState(window.history.state, '', stepUrl(window.location.href, current));
    if (moved.current) heading.current?.focus({ preventScroll: false });
  }, [current]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      const move = navigationKey({
        key: e.key,
        altKey: e.altKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        shiftKey: e.shiftKey,
        targetTag: target?.tagName,
        editable: target?.isContentEditable,
      });
      if (!move || e.defaultPrevented) return;
      e.preventDefault();
      setCurrent((c) => {
        moved.current = true;
        return Math.max(0, Math.min(count - 1, c + (move === 'next' ? 1 : -1)));
      });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count]);

  function togglePresenter(on: boolean) {
    // biome-ignore lint/suspicious/noDocumentCookie: one fixed, escaped preference (presenterCookie); no secret.
    document.cookie = presenterCookie(on, window.location.protocol === 'https:');
    window.history.replaceState(window.history.state, '', presenterUrl(window.location.href, on));
    setPresenter(on);
  }

  async function runToHere() {
    setNotice(null);
    const stopped = await runner.runThrough(current);
    if (stopped !== null) {
      setNotice(`Stopped at step ${stopped + 1}: it did not go as the scenario expects.`);
      go(stopped);
    }
  }

  // The stage's "Next": open the next step and, unless it deletes, do it.
  function next(action: NextAction) {
    go(action.index);
    if (action.runs) void runner.run(action.index);
  }

  async function startOver() {
    await runner.reset();
    setNotice('Started over: results cleared and held tokens forgotten. The cluster keeps what was applied.');
    go(0);
  }

  // A step that changed the cluster: render the server part again for what is in the cluster now
  // (the live stream does too, but not for every kind, and a moment later).
  const changedAt = Math.max(
    0,
    ...Object.values(runner.results).flatMap((r) => (r.result.kind === 'run' ? [r.at] : [])),
  );
  useEffect(() => {
    if (changedAt > 0) router.refresh();
  }, [changedAt, router]);

  return (
    <div
      data-presenter={presenter ? 'on' : 'off'}
      data-live={live}
      data-restored={runner.restored}
      data-saving={runner.saving}
      data-testid="scenario-guide"
      className={presenter ? 'lg:pr-64' : ''}
    >
      <header
        className={`flex flex-wrap justify-between gap-x-4 gap-y-2 ${presenter ? 'items-center' : 'items-start'}`}
      >
        <div className="min-w-0 max-w-3xl">
          <p className="text-sm">
            <Link href="/scenarios" className="text-sky-700 hover:underline dark:text-sky-300">
              Scenarios
            </Link>{' '}
            / {scenario.name}
          </p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">{scenario.title}</h1>
          {/* On stage the room reads the step, not the summary (the overview has it). */}
          {!presenter && <p className="mt-1 text-slate-600 dark:text-slate-300">{scenario.summary}</p>}
          {!presenter && scenario.source && (
            <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{scenario.source}</p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {presenter && presenterNotice}
          <PresenterSwitch on={presenter} onChange={togglePresenter} />
          <button
            type="button"
            className={buttonClass}
            onClick={startOver}
            onPointerEnter={want}
            onFocus={want}
            disabled={runner.busy !== null}
          >
            Start over
          </button>
        </div>
      </header>
      {failure && (
        <p
          role="alert"
          className="mt-4 rounded-md border-l-4 border-red-600 bg-red-50 p-3 text-sm text-red-950 dark:bg-red-950/40 dark:text-red-50"
        >
          {failure}
        </p>
      )}
      {runner.notice && (
        <p
          role="alert"
          data-testid="restart-notice"
          className="mt-4 rounded-md border-l-4 border-amber-500 bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950/40 dark:text-amber-50"
        >
          {runner.notice}
        </p>
      )}
      {readOnly && (
        <p className="mt-4 rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">
          Read-only mode: steps that change the cluster or mint tokens are turned off.
        </p>
      )}
      <div className={`grid ${presenter ? 'mt-3 gap-3' : 'mt-6 gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]'}`}>
        <ScenarioProgress
          steps={scenario.steps}
          chips={texts.map((t) => t.chip)}
          applied={applied}
          results={runner.results}
          current={current}
          busy={runner.busy}
          compact={presenter}
          onSelect={go}
        />
        <div className={`min-w-0 ${presenter ? 'space-y-3' : 'space-y-4'}`}>
          <nav aria-label="Step navigation" className="flex flex-wrap items-center gap-2">
            <button
              type="button"
              className={buttonClass}
              onClick={() => go(current - 1)}
              disabled={current === 0}
            >
              ← Previous
            </button>
            <button
              type="button"
              className={buttonClass}
              onClick={() => go(current + 1)}
              disabled={current === count - 1}
            >
              Next →
            </button>
            <button
              type="button"
              className={buttonClass}
              onClick={runToHere}
              onPointerEnter={want}
              onFocus={want}
              disabled={current === 0 || readOnly || runner.busy !== null}
              data-testid="run-to-here"
            >
              Run to here{current > 1 ? ` (steps 1–${current})` : current === 1 ? ' (step 1)' : ''}
            </button>
            <span className="text-xs text-slate-500 dark:text-slate-400">
              ← → or Page Up/Down move between steps
            </span>
          </nav>
          {notice && (
            <p role="status" className="text-sm text-slate-700 dark:text-slate-200">
              {notice}
            </p>
          )}
          <ScenarioStepCard
            key={current}
            scenario={scenario}
            index={current}
            texts={texts[current] ?? { action: '', chip: '', kind: '', expect: null }}
            cluster={cluster}
            applied={applied[current] === true}
            code={code[current]}
            runner={runner}
            presenter={presenter}
            readOnly={readOnly}
            headingRef={heading}
            onNext={next}
            onReachRun={want}
          />
        </div>
      </div>
      {presenter && (
        <ChunkBoundary what="The timeline" quiet>
          <PresenterTimeline events={runner.events} />
        </ChunkBoundary>
      )}
      {host}
    </div>
  );
}
