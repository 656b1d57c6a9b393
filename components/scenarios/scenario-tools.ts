import { type Dispatch, type RefObject, type SetStateAction, useCallback } from 'react';
import type { ScenarioSummary } from '@/lib/contracts/scenarios-api';
import type { MintedToken } from '@/lib/contracts/tokens';
import type { ActionContext, ProjectionState, StepOutcome } from './scenario-actions';
import { loadActions } from './scenario-actions-loader';
import type { TimelineEvent } from './scenario-model';
import { statusEvent } from './scenario-outcome-model';
import { describeError, tokenApi } from '@/lib/client/tokens';
import type { ProbeState } from '@/components/tokens/token-countdown';

interface Deps {
  scenario: ScenarioSummary;
  context: ActionContext;
  refs: {
    tokens: RefObject<Record<string, MintedToken>>;
    projections: RefObject<Record<number, ProjectionState>>;
    results: RefObject<Record<number, StepOutcome>>;
  };
  putResult: (index: number, outcome: StepOutcome) => void;
  putProjections: (next: Record<number, ProjectionState>) => void;
  putTokens: (next: Record<string, MintedToken>) => void;
  updateToken: (t: MintedToken) => void;
  setProbes: Dispatch<SetStateAction<Record<string, ProbeState>>>;
  record: (event: Omit<TimelineEvent, 'id' | 'at'>) => void;
}

/**
 * The guided view's actions outside a step's button: probes (the countdown's own, at exp and after
 * the leeway), the simulated kubelet's rotation, and a watched step's request once its token is
 * rejected — the seed's "same request, now 401".
 */
export function useScenarioTools(d: Deps) {
  const { scenario, context, refs, putResult, putProjections, updateToken, setProbes, record } = d;

  /** Sends a wait-expiry step's request with its token; a 401 completes the step. */
  const sendWatched = useCallback(
    async (index: number) => {
      const step = scenario.steps[index];
      const prior = refs.results.current[index];
      if (step?.do !== 'wait-expiry' || !step.request || !prior) return;
      const t = context.token(step.token);
      if (!t) return;
      try {
        const result = await tokenApi.request(t.id, step.request);
        const actions = await loadActions();
        const ran = actions.ok ? actions.module.describeTry(step.request) : step.request.verb;
        record({ ...statusEvent(result.status), text: `${ran} with ${step.token}` });
        putResult(index, {
          verdict: result.status === 401 ? 'expected' : 'waiting',
          at: Date.now(),
          result: { kind: 'watch', token: step.token, result },
        });
      } catch (err) {
        record({ kind: 'error', badge: 'error', text: `step ${index + 1}: ${describeError(err).detail}` });
      }
    },
    [scenario.steps, refs, context, record, putResult],
  );

  /** After a 401, the wait-expiry steps watching that token are done (or send their request). */
  const settleWatches = useCallback(
    async (t: MintedToken) => {
      if (t.lastProbe?.status !== 401) return;
      for (const [i, s] of scenario.steps.entries()) {
        const r = refs.results.current[i];
        if (s.do !== 'wait-expiry' || r?.verdict !== 'waiting' || refs.tokens.current[s.token]?.id !== t.id)
          continue;
        if (s.request) await sendWatched(i);
        else putResult(i, { ...r, verdict: 'expected', at: Date.now() });
      }
    },
    [scenario.steps, refs, sendWatched, putResult],
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
        await settleWatches(t);
      } catch (err) {
        setProbes((p) => ({ ...p, [id]: { busy: false, error: describeError(err).detail } }));
      }
    },
    [updateToken, record, setProbes, settleWatches],
  );

  const rotate = useCallback(
    async (index: number) => {
      const p = refs.projections.current[index];
      const step = scenario.steps[index];
      if (!p || p.rotating || p.stopped || step?.do !== 'project') return;
      putProjections({ ...refs.projections.current, [index]: { ...p, rotating: true } });
      const actions = await loadActions();
      if (actions.ok) await actions.module.rotateProjection(context, step, index);
      else {
        putProjections({ ...refs.projections.current, [index]: { ...p, rotating: false } });
        record({ kind: 'error', badge: 'error', text: `step ${index + 1}: ${actions.detail}` });
      }
    },
    [scenario.steps, refs, context, putProjections, record],
  );

  return { probe, rotate, sendWatched };
}
