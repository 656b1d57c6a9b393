'use client';

import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ScenarioSummary } from '@/lib/contracts/scenarios-api';
import { describeRegionFailure } from '@/components/ui/chunk-boundary-model';
import { notMintedText } from './scenario-model';
import type { ScenarioRunner } from './scenario-runner';
import type { ScenarioRunnerHost } from './scenario-runner-host';

// The step runner (outcomes, held tokens, saving and reading back the walkthrough's place, the
// timers acting on tokens: scenario-runner.ts and what it uses) loads when the guided view needs
// it, not with the page (issue 17: about half of the view's own JavaScript):
// - at once when the server says this session has a place to read back, or a restart to report;
// - when a run, "Run to here" or "Start over" button is reached by pointer or focus (`want`);
// - when the tab comes back to the front (another tab may have moved on).
// Until then nothing has run in this session: no outcomes, no tokens, every token a step needs is
// "not minted yet", and the place is known (the server read it). A call made before the runner is
// there (a click faster than the download) waits for it and for its read-back, then runs.

type Host = typeof ScenarioRunnerHost;
interface Waiting {
  go: (runner: ScenarioRunner) => void;
  fail: () => void;
}

export function useLazyRunner(
  scenario: ScenarioSummary,
  /** The server found a saved place (or a restart to report) for this session. */
  restore: boolean,
): { runner: ScenarioRunner; host: ReactNode; want: () => void; failure: string | null } {
  const [wanted, setWanted] = useState(restore);
  const [host, setHost] = useState<{ Host: Host } | null>(null);
  const [loaded, setLoaded] = useState<ScenarioRunner | null>(null);
  const [queued, setQueued] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const waiting = useRef<Waiting[]>([]);
  /** The runner once it has read the place back: a call from a handler bound before then goes to it. */
  const ready = useRef<ScenarioRunner | null>(null);
  /** Its code could not be downloaded: calls answer at once, the alert says why (`failure`). */
  const failed = useRef(false);
  const want = useCallback(() => setWanted(true), []);

  useEffect(() => {
    if (!wanted) return;
    let current = true;
    import('./scenario-runner-host')
      .then((m) => {
        if (current) setHost({ Host: m.ScenarioRunnerHost });
      })
      .catch((err: unknown) => {
        if (!current) return;
        failed.current = true;
        setFailure(`Steps cannot run: ${describeRegionFailure(err)} Reload the page.`);
        setQueued(null);
        for (const w of waiting.current.splice(0)) w.fail();
      });
    return () => {
      current = false;
    };
  }, [wanted]);

  // Not loaded yet: a tab or window brought back to the front loads it, which reads the place back.
  useEffect(() => {
    if (wanted) return;
    let away = false;
    const onAway = () => {
      away = true;
    };
    const onFront = () => {
      if (away && document.visibilityState === 'visible') setWanted(true);
    };
    const onVisibility = () => (document.visibilityState === 'hidden' ? onAway() : onFront());
    window.addEventListener('blur', onAway);
    window.addEventListener('focus', onFront);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('blur', onAway);
      window.removeEventListener('focus', onFront);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [wanted]);

  // The calls made before the runner was there run once it has read the place back.
  useEffect(() => {
    if (!loaded?.restored) return;
    ready.current = loaded;
    if (waiting.current.length === 0) return;
    for (const w of waiting.current.splice(0)) w.go(loaded);
  }, [loaded]);

  const idle = useMemo<ScenarioRunner>(() => {
    function later<T>(call: (r: ScenarioRunner) => Promise<T>, fallback: T, step?: number): Promise<T> {
      if (ready.current) return call(ready.current);
      if (failed.current) return Promise.resolve(fallback);
      setWanted(true);
      if (step !== undefined) setQueued(step);
      // The queued step stays shown as running until the call is done: the loaded runner's own
      // busy state reaches this hook a render later, and a run button enabled in between would
      // take a click the runner then ignores.
      const done = () => {
        if (step !== undefined) setQueued(null);
      };
      return new Promise<T>((resolve, reject) => {
        waiting.current.push({
          go: (r) => void call(r).finally(done).then(resolve, reject),
          fail: () => resolve(fallback),
        });
      });
    }
    return {
      results: {},
      tokens: {},
      projections: {},
      events: [],
      probes: {},
      busy: null,
      restored: !restore,
      saving: false,
      notice: null,
      missingText: (name) => notMintedText(scenario.steps, name),
      run: (index) => later((r) => r.run(index), null, index),
      runThrough: (index) => later((r) => r.runThrough(index), null, 0),
      probe: (id) => later((r) => r.probe(id), undefined),
      sendWatched: (index) => later((r) => r.sendWatched(index), undefined),
      rotate: (index) => later((r) => r.rotate(index), undefined),
      forget: (id) => later((r) => r.forget(id), undefined),
      record: (event) => void later(async (r) => r.record(event), undefined),
      reset: () => later((r) => r.reset(), undefined),
    };
  }, [scenario.steps, restore]);

  const runner = useMemo(() => {
    const base = loaded?.restored ? loaded : idle;
    return queued === null || base.busy !== null ? base : { ...base, busy: queued };
  }, [loaded, idle, queued]);
  return {
    runner,
    host: host ? <host.Host scenario={scenario} onRunner={setLoaded} /> : null,
    want,
    failure,
  };
}
