import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ScenarioSummary } from '@/lib/contracts/scenarios-api';
import type { MintedToken } from '@/lib/contracts/tokens';
import type { ActionContext, ProjectionState, StepOutcome } from './scenario-actions';
import { loadActions } from './scenario-actions-loader';
import type { TimelineEvent } from './scenario-model';
import { missingTokenText, usable, type WalkthroughState } from './scenario-restore';
import { type Loaded, loadWalkthrough, saveWalkthrough, savedAt } from './scenario-sync';
import { useScenarioTools } from './scenario-tools';
import { tokenApi } from '@/lib/client/tokens';
import type { ProbeState } from '@/components/tokens/token-countdown';

/** The guided view's state: step outcomes, held tokens by name, projections and the timeline. */
export interface ScenarioRunner extends WalkthroughState {
  probes: Record<string, ProbeState>;
  busy: number | null;
  /** The saved place has been read back from the server (after a reload, navigation, another tab). */
  restored: boolean;
  /** A save of the place is scheduled or under way (tests wait for it before leaving the page). */
  saving: boolean;
  /** Said once after a restart: how many held tokens were lost. */
  notice: string | null;
  /** Why a named token cannot be used now (never minted, expired and dropped, forgotten, lost). */
  missingText: (name: string) => string;
  run: (index: number) => Promise<StepOutcome | null>;
  /** Runs every earlier step not yet done, in order; returns where it stopped on a failure, else null. */
  runThrough: (index: number) => Promise<number | null>;
  probe: (id: string) => Promise<void>;
  /** Sends a wait-expiry step's request with its token now. */
  sendWatched: (index: number) => Promise<void>;
  rotate: (index: number) => Promise<void>;
  forget: (id: string) => Promise<void>;
  record: (event: Omit<TimelineEvent, 'id' | 'at'>) => void;
  reset: () => Promise<void>;
}

const SAVE_DELAY_MS = 150;

// State lives in refs as well as in React state: "Run to here" performs several steps in one
// async call, and each must see the tokens the previous one minted before React re-renders. Every
// change is saved to the server session, so a reload, a visit elsewhere or a second tab finds the
// same place.
export function useScenarioRunner(scenario: ScenarioSummary): ScenarioRunner {
  const [results, setResults] = useState<Record<number, StepOutcome>>({});
  const [tokens, setTokens] = useState<Record<string, MintedToken>>({});
  const [projections, setProjections] = useState<Record<number, ProjectionState>>({});
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [probes, setProbes] = useState<Record<string, ProbeState>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const [unknown, setUnknown] = useState<string[]>([]);
  const [restored, setRestored] = useState(false);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const tokensRef = useRef(tokens);
  const projectionsRef = useRef(projections);
  const resultsRef = useRef(results);
  const eventsRef = useRef(events);
  const unknownRef = useRef(unknown);
  const nextEventId = useRef(0);
  const busyRef = useRef(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The save below re-reads the place after a restart; load is defined after it.
  const loadRef = useRef<() => Promise<void>>(async () => {});
  const lastSavedAt = useRef(0);
  const sessionStartedAt = useRef(0);
  const restoredRef = useRef(false);

  const snapshot = useCallback(
    (): WalkthroughState => ({
      results: resultsRef.current,
      tokens: tokensRef.current,
      projections: projectionsRef.current,
      events: eventsRef.current,
    }),
    [],
  );

  const save = useCallback(() => {
    if (!restoredRef.current) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    setSaving(true);
    saveTimer.current = setTimeout(() => {
      saveTimer.current = null;
      const known = sessionStartedAt.current;
      saveWalkthrough(scenario.name, snapshot(), known)
        .then((s) => {
          lastSavedAt.current = s.savedAt;
          sessionStartedAt.current = s.sessionStartedAt;
          // The session changed under the page (a restart): read the place back, which names the
          // tokens that went with the old session and says how many.
          if (known !== 0 && s.sessionStartedAt !== known && !busyRef.current && !saveTimer.current) void loadRef.current();
        })
        // A lost save costs the place after a reload, never a result: the view keeps working.
        .catch(() => undefined)
        .finally(() => {
          if (!saveTimer.current) setSaving(false);
        });
    }, SAVE_DELAY_MS);
  }, [scenario.name, snapshot]);

  const record = useCallback(
    (event: Omit<TimelineEvent, 'id' | 'at'>) => {
      const entry = { ...event, id: nextEventId.current++, at: Date.now() };
      eventsRef.current = [...eventsRef.current, entry];
      setEvents(eventsRef.current);
      save();
    },
    [save],
  );
  const putTokens = useCallback(
    (next: Record<string, MintedToken>) => {
      tokensRef.current = next;
      setTokens(next);
      const known = unknownRef.current.filter((n) => !(n in next));
      if (known.length !== unknownRef.current.length) {
        unknownRef.current = known;
        setUnknown(known);
      }
      save();
    },
    [save],
  );
  const putProjections = useCallback(
    (next: Record<number, ProjectionState>) => {
      projectionsRef.current = next;
      setProjections(next);
      save();
    },
    [save],
  );
  const putResult = useCallback(
    (index: number, outcome: StepOutcome) => {
      resultsRef.current = { ...resultsRef.current, [index]: outcome };
      setResults(resultsRef.current);
      save();
    },
    [save],
  );

  const apply = useCallback((l: Loaded) => {
    resultsRef.current = l.results;
    tokensRef.current = l.tokens;
    projectionsRef.current = l.projections;
    eventsRef.current = l.events;
    unknownRef.current = l.unknown;
    nextEventId.current = Math.max(nextEventId.current, ...l.events.map((e) => e.id + 1));
    lastSavedAt.current = l.savedAt;
    sessionStartedAt.current = l.sessionStartedAt;
    setResults(l.results);
    setTokens(l.tokens);
    setProjections(l.projections);
    setEvents(l.events);
    setUnknown(l.unknown);
    if (l.notice) setNotice(l.notice);
    restoredRef.current = true;
    setRestored(true);
  }, []);

  const load = useCallback(async () => {
    try {
      apply(await loadWalkthrough(scenario.name));
    } catch {
      // Without the saved place the view still works from a clean slate, and saves from there.
      restoredRef.current = true;
      setRestored(true);
    }
  }, [scenario.name, apply]);

  useEffect(() => {
    loadRef.current = load;
    void load();
  }, [load]);

  // A second tab (or this one after another tab moved on) catches up when it comes to the front.
  useEffect(() => {
    const onFront = () => {
      if (document.visibilityState !== 'visible' || busyRef.current || saveTimer.current) return;
      savedAt(scenario.name)
        .then((s) => {
          const moved = s.savedAt > lastSavedAt.current || s.sessionStartedAt !== sessionStartedAt.current;
          if (moved && !busyRef.current && !saveTimer.current) return load();
        })
        .catch(() => undefined);
    };
    window.addEventListener('focus', onFront);
    document.addEventListener('visibilitychange', onFront);
    return () => {
      window.removeEventListener('focus', onFront);
      document.removeEventListener('visibilitychange', onFront);
    };
  }, [scenario.name, load]);

  /** Re-reads the session's tokens: which named tokens are still held, dropped, or unknown. */
  const refresh = useCallback(async () => {
    const { tokens: list } = await tokenApi.list();
    const byId = new Map(list.map((t) => [t.id, t]));
    const next: Record<string, MintedToken> = {};
    const gone: string[] = [];
    for (const [name, t] of Object.entries(tokensRef.current)) {
      const now = byId.get(t.id);
      if (now) next[name] = now;
      else gone.push(name);
    }
    unknownRef.current = [...new Set([...unknownRef.current, ...gone])];
    setUnknown(unknownRef.current);
    putTokens(next);
  }, [putTokens]);

  const missingText = useCallback(
    (name: string) =>
      missingTokenText(scenario.steps, name, tokensRef.current[name], unknownRef.current.includes(name)),
    [scenario.steps],
  );

  const allHeld = useCallback(
    () => [
      ...Object.values(tokensRef.current),
      ...Object.values(projectionsRef.current).flatMap((p) => p.versions.map((v) => v.token)),
    ],
    [],
  );

  /** Puts a refreshed token (a probe's answer) wherever it is shown. */
  const updateToken = useCallback(
    (t: MintedToken) => {
      const named = Object.entries(tokensRef.current).map(([k, v]) => [k, v.id === t.id ? t : v] as const);
      putTokens(Object.fromEntries(named));
      const projected = Object.entries(projectionsRef.current).map(([k, p]) => [
        k,
        { ...p, versions: p.versions.map((v) => (v.token.id === t.id ? { ...v, token: t } : v)) },
      ]);
      putProjections(Object.fromEntries(projected));
    },
    [putTokens, putProjections],
  );

  const context = useMemo<ActionContext>(
    () => ({
      scenario,
      token: (name) => {
        const t = tokensRef.current[name];
        return usable(t) ? t : undefined;
      },
      missingText,
      refresh,
      held: allHeld,
      keepToken: (name, t) => putTokens({ ...tokensRef.current, [name]: t }),
      record,
      projection: (index) => projectionsRef.current[index],
      setProjection: (index, p) => putProjections({ ...projectionsRef.current, [index]: p }),
      stopProjections: () =>
        putProjections(
          Object.fromEntries(
            Object.entries(projectionsRef.current).map(([k, p]) => [k, { ...p, stopped: true }]),
          ),
        ),
    }),
    [scenario, missingText, refresh, allHeld, putTokens, putProjections, record],
  );

  const tools = useScenarioTools({
    scenario,
    context,
    refs: { tokens: tokensRef, projections: projectionsRef, results: resultsRef },
    putResult,
    putProjections,
    putTokens,
    updateToken,
    setProbes,
    record,
  });

  const perform = useCallback(
    async (index: number): Promise<StepOutcome | null> => {
      const step = scenario.steps[index];
      if (!step) return null;
      setBusy(index);
      const actions = await loadActions();
      const outcome = actions.ok
        ? await actions.module.performStep(context, step, index)
        : ({ verdict: 'failed', at: Date.now(), result: { kind: 'error', detail: actions.detail } } as const);
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

  const forget = useCallback(
    async (id: string) => {
      await tokenApi.forget(id).catch(() => undefined);
      await refresh().catch(() => undefined);
    },
    [refresh],
  );

  const reset = useCallback(async () => {
    const ids = allHeld().map((t) => t.id);
    tokensRef.current = {};
    projectionsRef.current = {};
    resultsRef.current = {};
    eventsRef.current = [];
    unknownRef.current = [];
    setTokens({});
    setProjections({});
    setResults({});
    setEvents([]);
    setUnknown([]);
    setProbes({});
    setNotice(null);
    save();
    // The vault would drop them at exp anyway; forgetting now keeps the next group's session clean.
    await Promise.all(ids.map((id) => tokenApi.forget(id).catch(() => undefined)));
  }, [allHeld, save]);

  return {
    results,
    tokens,
    projections,
    events,
    probes,
    busy,
    restored,
    saving,
    notice,
    missingText,
    run,
    runThrough,
    probe: tools.probe,
    sendWatched: tools.sendWatched,
    rotate: tools.rotate,
    forget,
    record,
    reset,
  };
}
