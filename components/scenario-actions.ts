import { AppError } from '@/lib/contracts/errors-core';
import type { ScenarioStep } from '@/lib/contracts/scenario-steps';
import type { Projection, ScenarioRun, ScenarioSummary } from '@/lib/contracts/scenarios-api';
import type { MintedToken, TryResult, WhoamiResult } from '@/lib/contracts/tokens';
import { scenarioApi } from './scenario-api';
import {
  minterStep,
  revokedBy,
  statusEvent,
  statusVerdict,
  type TimelineEvent,
  type Verdict,
} from './scenario-model';
import { describeError, tokenApi } from './token-api';
import { describeTry } from './try-command';

/** What a step's last run produced, as the guided view shows it. */
export type StepResult =
  | { kind: 'run'; run: ScenarioRun }
  | { kind: 'minted'; token: string }
  | { kind: 'refused'; status: number; detail: string }
  | { kind: 'try'; result: TryResult }
  | { kind: 'whoami'; result: WhoamiResult }
  | { kind: 'watch'; token: string }
  | { kind: 'project' }
  | { kind: 'error'; detail: string; status?: number };

export interface StepOutcome {
  verdict: Verdict;
  at: number;
  result: StepResult;
}

/** One "file version" the simulated kubelet wrote. */
export interface FileVersion {
  n: number;
  token: MintedToken;
  receivedAt: number;
}

export interface ProjectionState extends Omit<Projection, 'token'> {
  versions: FileVersion[];
  rotating: boolean;
  /** Rotation stops after teardown, on a failure, or when the presenter starts over. */
  stopped: boolean;
  error?: string;
}

/** What performing a step may read and change; the runner hook provides it. */
export interface ActionContext {
  scenario: ScenarioSummary;
  token(name: string): MintedToken | undefined;
  /** Every held token: named ones and the projection's file versions. */
  held(): MintedToken[];
  keepToken(name: string, token: MintedToken): void;
  record(event: Omit<TimelineEvent, 'id' | 'at'>): void;
  setProjection(index: number, projection: ProjectionState): void;
  stopProjections(): void;
}

// Refusals by the API server are results to compare with the step's expectation; anything else
// (Tokenscope unreachable, a token no longer held) is a failure of the run itself.
const apiServerAnswers = new Set([
  'forbidden:kube',
  'invalid:kube',
  'not-found:kube',
  'unauthorized:kube',
  'conflict:kube',
]);

const outcome = (verdict: Verdict, result: StepResult): StepOutcome => ({ verdict, at: Date.now(), result });

function missing(ctx: ActionContext, name: string): StepOutcome {
  const at = minterStep(ctx.scenario.steps, name);
  const hint = at >= 0 ? ` Run step ${at + 1} first, or use “Run to here”.` : '';
  return outcome('failed', { kind: 'error', detail: `${name} is not held yet.${hint}` });
}

function objectsText(run: ScenarioRun): string {
  const changed = run.results.filter((r) => r.outcome === 'applied' || r.outcome === 'deleted');
  const other = run.results.length - changed.length;
  return `${changed.map((r) => `${r.kind}/${r.name}`).join(', ') || 'nothing changed'}${other > 0 ? ` (+${other} other)` : ''}`;
}

function recordRun(ctx: ActionContext, run: ScenarioRun, verb: string): StepOutcome {
  ctx.record({ kind: run.ok ? 'changed' : 'error', badge: verb, text: objectsText(run) });
  for (const t of revokedBy(run.results, ctx.held())) {
    const why = t.boundObject
      ? `its bound ${t.boundObject.kind} ${t.boundObject.name} was deleted`
      : 'its ServiceAccount was deleted';
    ctx.record({
      kind: 'revoked',
      badge: 'revoked',
      text: `${t.serviceAccount} token ·${t.id.slice(-4)}: ${why}`,
    });
  }
  return outcome(run.ok ? 'expected' : 'failed', { kind: 'run', run });
}

async function mint(ctx: ActionContext, step: Extract<ScenarioStep, { do: 'mint' }>): Promise<StepOutcome> {
  const namespace = step.namespace ?? ctx.scenario.namespace;
  const actor = step.actAs ? ctx.token(step.actAs) : undefined;
  if (step.actAs && !actor) return missing(ctx, step.actAs);
  try {
    const token = await tokenApi.mint({
      namespace,
      serviceAccount: step.serviceAccount,
      expirationSeconds: step.expirationSeconds,
      audiences: step.audiences,
      boundObjectRef: step.boundTo,
      actAs: actor?.id,
    });
    ctx.keepToken(step.as, token);
    ctx.record({
      kind: 'minted',
      badge: 'minted',
      text: `${step.as}: ${namespace}/${step.serviceAccount}, ${token.grantedExpirationSeconds} s`,
    });
    return outcome(statusVerdict(201, step.expect), { kind: 'minted', token: step.as });
  } catch (err) {
    if (!(err instanceof AppError) || !apiServerAnswers.has(err.code)) throw err;
    ctx.record({ ...statusEvent(err.status), text: `TokenRequest for ${step.serviceAccount} refused` });
    return outcome(statusVerdict(err.status, step.expect), {
      kind: 'refused',
      status: err.status,
      detail: err.detail,
    });
  }
}

async function perform(ctx: ActionContext, step: ScenarioStep, index: number): Promise<StepOutcome> {
  const name = ctx.scenario.name;
  switch (step.do) {
    case 'apply':
      return recordRun(ctx, await scenarioApi.apply(name, step.manifest), 'applied');
    case 'delete':
      return recordRun(
        ctx,
        await scenarioApi.delete(name, { kind: step.kind, name: step.name, namespace: step.namespace }),
        'deleted',
      );
    case 'teardown':
      ctx.stopProjections();
      return recordRun(ctx, await scenarioApi.teardown(name), 'torn down');
    case 'mint':
      return mint(ctx, step);
    case 'try': {
      const t = ctx.token(step.token);
      if (!t) return missing(ctx, step.token);
      const result = await tokenApi.request(t.id, step.request);
      ctx.record({ ...statusEvent(result.status), text: `${describeTry(step.request)} with ${step.token}` });
      return outcome(statusVerdict(result.status, step.expect), { kind: 'try', result });
    }
    case 'whoami': {
      const t = ctx.token(step.token);
      if (!t) return missing(ctx, step.token);
      const result = await tokenApi.whoami(t.id);
      ctx.record({ ...statusEvent(result.status), text: `whoami with ${step.token}` });
      return outcome(result.status === 201 ? 'expected' : 'unexpected', { kind: 'whoami', result });
    }
    case 'wait-expiry': {
      const t = ctx.token(step.token);
      if (!t) return missing(ctx, step.token);
      return outcome(t.lastProbe?.status === 401 ? 'expected' : 'waiting', {
        kind: 'watch',
        token: step.token,
      });
    }
    case 'project': {
      const p = await scenarioApi.project(name, step.pod, step.namespace);
      const { token, ...rest } = p;
      const versions = token ? [{ n: 1, token, receivedAt: Date.now() }] : [];
      ctx.setProjection(index, { ...rest, versions, rotating: false, stopped: p.mode === 'kubelet' });
      if (token)
        ctx.record({
          kind: 'minted',
          badge: 'minted',
          text: `file v1 for Pod ${p.pod.name} (bound to its UID)`,
        });
      return outcome('expected', { kind: 'project' });
    }
  }
}

/** Does one step for real against the cluster; failures become a `failed` outcome, never a throw. */
export async function performStep(
  ctx: ActionContext,
  step: ScenarioStep,
  index: number,
): Promise<StepOutcome> {
  try {
    return await perform(ctx, step, index);
  } catch (err) {
    const e = describeError(err);
    ctx.record({
      kind: 'error',
      badge: e.status ? String(e.status) : 'error',
      text: `step ${index + 1}: ${e.detail}`,
    });
    return outcome('failed', { kind: 'error', detail: e.detail, status: e.status });
  }
}
