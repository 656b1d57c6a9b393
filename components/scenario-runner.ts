import { useCallback, useMemo, useRef, useState } from 'react';
import type { ScenarioSummary } from '@/lib/contracts/scenarios-api';
import type { MintedToken } from '@/lib/contracts/tokens';
import { type ActionContext, type ProjectionState, performStep, type StepOutcome } from './scenario-actions';
import { scenarioApi } from './scenario-api';
import { statusEvent, type TimelineEvent } from './scenario-model';
import { describeError, tokenApi } from './token-api';
import type { ProbeState } from './token-countdown';

/** The guided view's state: step outcomes, held tokens by name, projections and the timeline. */
export interface ScenarioRunner {
  results: Record<number, StepOutcome>;
  tokens: Record<string, MintedToken>;
  projections: Record<number, ProjectionState>;
  events: TimelineEvent[];
  probes: Record<string, ProbeState>;
  busy: number | null;
  run: (index: number) => Promise<StepOutcome | null>;
  /** Runs every earlier step not yet done, in order; returns where it stopped on a failure, else null. */
  runThrough: (index: number) => Promise<number | null>;
  probe: (id: string) => Promise<void>;
  rotate: (index: number) => Promise<void>;
  forget: (id: string) => Promise<void>;
  record: (event: Omit<TimelineEvent, 'id' | 'at'>) => void;
  reset: () => Promise<void>;
}

// State lives in refs as well as in React state: "Run to here" performs several steps in one
// async call, and each must see the tokens the previous one minted before React re-renders.
export function useScenarioRunner(scenario: ScenarioSummary): ScenarioRunner {
  const [results, setResults] = useState<Record<number, StepOutcome>>({});
  const [tokens, setTokens] = useState<Record<string, MintedToken>>({});
  const [projections, setProjections] = useState<Record<number, ProjectionState>>({});
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [probes, setProbes] = useState<Record<string, ProbeState>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const tokensRef = useRef(tokens);
  const projectionsRef = useRef(projections);
  const resultsRef = useRef(results);
  const nextEventId = useRef(0);
  const busyRef = useRef(false);

  const record = useCallback((event: Omit<TimelineEvent, 'id' | 'at'>) => {
    const entry = { ...event, id: nextEventId.current++, at: Date.now() };
    setEvents((e) => [...e, entry]);
  }, []);
  const putTokens = useCallback((next: Record<string, MintedToken>) => {
    tokensRef.current = next;
    setTokens(next);
  }, []);
  const putProjections = useCallback((next: Record<number, ProjectionState>) => {
    projectionsRef.current = next;
    setProjections(next);
  }, []);
  const putResult = useCallback((index: number, outcome: StepOutcome) => {
    resultsRef.current = { ...resultsRef.current, [index]: outcome };
    setResults(resultsRef.current);
  }, []);

  const allHeld = useCallback(
    () => [
      ...Object.values(tokensRef.current),
      ...Object.values(projectionsRef.current).flatMap((p) => p.versions.map((v) => v.token)),
    ],
    [],
  );

  /** Puts a refreshed token (a probe's answer) wherever it is shown; a 401 completes its watch step. */
  const updateToken = useCallback(
    (t: MintedToken) => {
      const named = Object.entries(tokensRef.current).map(([k, v]) => [k, v.id === t.id ? t : v] as const);
      putTokens(Object.fromEntries(named));
      const projected = Object.entries(projectionsRef.current).map(([k, p]) => [
        k,
        { ...p, versions: p.versions.map((v) => (v.token.id === t.id ? { ...v, token: t } : v)) },
      ]);
      putProjections(Object.fromEntries(projected));
      if (t.lastProbe?.status !== 401) return;
      scenario.steps.forEach((s, i) => {
        const r = resultsRef.current[i];
        if (s.do === 'wait-expiry' && r?.verdict === 'waiting' && tokensRef.current[s.token]?.id === t.id) {
          putResult(i, { ...r, verdict: 'expected', at: Date.now() });
        }
      });
    },
    [putTokens, putProjections, putResult, scenario.steps],
  );

  const context = useMemo<ActionContext>(
    () => ({
      scenario,
      token: (name) => tokensRef.current[name],
      held: allHeld,
      keepToken: (name, t) => putTokens({ ...tokensRef.current, [name]: t }),
      record,
      setProjection: (index, p) => putProjections({ ...projectionsRef.current, [index]: p }),
      stopProjections: () =>
        putProjections(
          Object.fromEntries(
            Object.entries(projectionsRef.current).map(([k, p]) => [k, { ...p, stopped: true }]),
          ),
        ),
    }),
    [scenario, allHeld, putTokens, putProjections, record],
  );

  const perform = useCallback(
    async (index: number): Promise<StepOutcome | null> => {
      const step = scenario.steps[index];
      if (!step) return null;
      setBusy(index);
      const outcome = await performStep(context, step, index);
      putResult(index, outcome);
      setBusy(null);
      return outcome;
    },
    [scenario.steps, context, putResult],
  );

  // One step at a time: a second click while a step runs is ignored, not queued.
  const run = useCallback(
    async (index: number) => {
      if (busyRef.current) return null;
      busyRef.current = true;
      try {
        return await perform(index);
      } finally {
        busyRef.current = false;
      }
    },
    [perform],
  );

  const runThrough = useCallback(
    async (index: number) => {
      if (busyRef.current) return null;
      busyRef.current = true;
      try {
        for (let i = 0; i < index; i++) {
          const done = resultsRef.current[i]?.verdict;
          if (done === 'expected' || done === 'waiting') continue;
          const outcome = await perform(i);
          if (outcome?.verdict === 'failed' || outcome?.verdict === 'unexpected') return i;
        }
        return null;
      } finally {
        busyRef.current = false;
      }
    },
    [perform],
  );

  const probe = useCallback(
    async (id: string) => {
      setProbes((p) => ({ ...p, [id]: { busy: true } }));
      try {
        const t = await tokenApi.probe(id);
        updateToken(t);
        setProbes((p) => ({ ...p, [id]: { busy: false } }));
        if (t.lastProbe) {
          const accepted = t.lastProbe.status === 201;
          record({
            ...statusEvent(t.lastProbe.status),
            text: `${t.serviceAccount} token ·${id.slice(-4)} ${accepted ? 'still accepted' : 'rejected'}`,
          });
        }
      } catch (err) {
        setProbes((p) => ({ ...p, [id]: { busy: false, error: describeError(err).detail } }));
      }
    },
    [updateToken, record],
  );

  const rotate = useCallback(
    async (index: number) => {
      const p = projectionsRef.current[index];
      const step = scenario.steps[index];
      if (!p || p.rotating || p.stopped || step?.do !== 'project') return;
      putProjections({ ...projectionsRef.current, [index]: { ...p, rotating: true } });
      const current = () => projectionsRef.current[index] ?? p;
      try {
        const next = await scenarioApi.project(scenario.name, step.pod, step.namespace);
        if (!next.token) throw new Error('no token');
        const n = (current().versions.at(-1)?.n ?? 0) + 1;
        const versions = [...current().versions, { n, token: next.token, receivedAt: Date.now() }];
        putProjections({ ...projectionsRef.current, [index]: { ...current(), versions, rotating: false } });
        record({
          kind: 'minted',
          badge: 'minted',
          text: `file v${n}: kubelet’s rotation at 80 % of the TTL`,
        });
      } catch (err) {
        const error = describeError(err).detail;
        putProjections({
          ...projectionsRef.current,
          [index]: { ...current(), rotating: false, stopped: true, error },
        });
      }
    },
    [scenario.name, scenario.steps, putProjections, record],
  );

  const forget = useCallback(
    async (id: string) => {
      await tokenApi.forget(id).catch(() => undefined);
      putTokens(Object.fromEntries(Object.entries(tokensRef.current).filter(([, t]) => t.id !== id)));
    },
    [putTokens],
  );

  const reset = useCallback(async () => {
    const ids = allHeld().map((t) => t.id);
    putTokens({});
    putProjections({});
    resultsRef.current = {};
    setResults({});
    setEvents([]);
    setProbes({});
    // The vault would drop them at exp anyway; forgetting now keeps the next group's session clean.
    await Promise.all(ids.map((id) => tokenApi.forget(id).catch(() => undefined)));
  }, [allHeld, putTokens, putProjections]);

  return {
    results,
    tokens,
    projections,
    events,
    probes,
    busy,
    run,
    runThrough,
    probe,
    rotate,
    forget,
    record,
    reset,
  };
}
