import { AppError } from '@/lib/contracts/errors';
import type { ScenarioStep } from '@/lib/contracts/scenario-steps';
import type {
  Projection,
  ScenarioRun,
  ScenarioStaleUses,
  ScenarioSummary,
} from '@/lib/contracts/scenarios-api';
import type { MintedToken, TryResult, WhoamiResult } from '@/lib/contracts/tokens';
import { scenarioApi } from '@/lib/client/scenarios';
import type { TimelineEvent, Verdict } from './scenario-model';
import {
  refreshPointOf,
  revokedBy,
  rotationDueAt,
  statusEvent,
  statusVerdict,
} from './scenario-outcome-model';
import { describeError, tokenApi } from '@/lib/client/tokens';
import { describeTry } from '@/components/tokens/try-command';
import { readStaleCheck } from './stale-check-model';

// Loaded on demand (scenario-actions-loader.ts): re-exported for the rotation and watch tools.
export { describeTry };

/** What a step's last run produced, as the guided view shows it. */
export type StepResult =
  | { kind: 'run'; run: ScenarioRun }
  | { kind: 'minted'; token: string }
  | { kind: 'refused'; status: number; detail: string }
  | { kind: 'try'; result: TryResult }
  | { kind: 'whoami'; result: WhoamiResult }
  | { kind: 'watch'; token: string; result?: TryResult }
  | { kind: 'project' }
  | { kind: 'reread'; token: string; version: number }
  | { kind: 'stale'; token: string; result: TryResult; uses: ScenarioStaleUses; text: string }
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
  /** A named token the server can still use; undefined when it cannot (see missingText). */
  token(name: string): MintedToken | undefined;
  missingText(name: string): string;
  /** Re-reads the session's tokens (after "no such token": dropped, or lost with a restart). */
  refresh(): Promise<void>;
  /** Every held token: named ones and the projection's file versions. */
  held(): MintedToken[];
  keepToken(name: string, token: MintedToken): void;
  record(event: Omit<TimelineEvent, 'id' | 'at'>): void;
  projection(index: number): ProjectionState | undefined;
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
  return outcome('failed', { kind: 'error', detail: ctx.missingText(name) });
}

/** Runs a call made with a held token; if the server no longer holds it, says why instead. */
async function withToken(
  ctx: ActionContext,
  name: string,
  call: (t: MintedToken) => Promise<StepOutcome>,
): Promise<StepOutcome> {
  const t = ctx.token(name);
  if (!t) return missing(ctx, name);
  try {
    return await call(t);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'not-found:token') throw err;
    await ctx.refresh();
    return missing(ctx, name);
  }
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
  return mintAs(ctx, step, namespace, actor);
}

async function mintAs(
  ctx: ActionContext,
  step: Extract<ScenarioStep, { do: 'mint' }>,
  namespace: string,
  actor: MintedToken | undefined,
): Promise<StepOutcome> {
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
    if (step.actAs && err instanceof AppError && err.code === 'not-found:token') {
      await ctx.refresh();
      return missing(ctx, step.actAs);
    }
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
    case 'try':
      return withToken(ctx, step.token, async (t) => {
        const result = await tokenApi.request(t.id, step.request);
        ctx.record({
          ...statusEvent(result.status),
          text: `${describeTry(step.request)} with ${step.token}`,
        });
        return outcome(statusVerdict(result.status, step.expect), { kind: 'try', result });
      });
    case 'whoami':
      return withToken(ctx, step.token, async (t) => {
        const result = await tokenApi.whoami(t.id);
        ctx.record({ ...statusEvent(result.status), text: `whoami with ${step.token}` });
        return outcome(result.status === 201 ? 'expected' : 'unexpected', { kind: 'whoami', result });
      });
    case 'wait-expiry': {
      const t = ctx.token(step.token);
      if (!t) return missing(ctx, step.token);
      return outcome(t.lastProbe?.status === 401 && !step.request ? 'expected' : 'waiting', {
        kind: 'watch',
        token: step.token,
      });
    }
    case 'reread':
      return reread(ctx, step.token);
    case 'stale-check':
      return withToken(ctx, step.token, (t) => staleCheck(ctx, step, t));
    case 'project': {
      const p = await scenarioApi.project(name, step.pod, step.namespace);
      const { token, ...rest } = p;
      const versions = token ? [{ n: 1, token, receivedAt: Date.now() }] : [];
      ctx.setProjection(index, { ...rest, versions, rotating: false, stopped: p.mode === 'kubelet' });
      if (token) {
        ctx.record({
          kind: 'minted',
          badge: 'minted',
          text: `file v1 for Pod ${p.pod.name} (bound to its UID)`,
        });
        if (step.as) ctx.keepToken(step.as, token);
      }
      return outcome('expected', { kind: 'project' });
    }
  }
}

/**
 * The simulated kubelet writes the next file version: a new real TokenRequest for the same pod.
 * The caller marks the projection as rotating first.
 */
export async function rotateProjection(
  ctx: ActionContext,
  step: Extract<ScenarioStep, { do: 'project' }>,
  index: number,
): Promise<FileVersion | null> {
  const current = () => ctx.projection(index);
  try {
    const next = await scenarioApi.project(ctx.scenario.name, step.pod, step.namespace);
    if (!next.token) throw new AppError('internal:server', 'The pod has no projected token to rotate.');
    const p = current();
    if (!p) return null;
    const version = { n: (p.versions.at(-1)?.n ?? 0) + 1, token: next.token, receivedAt: Date.now() };
    ctx.setProjection(index, { ...p, versions: [...p.versions, version], rotating: false });
    ctx.record({
      kind: 'minted',
      badge: 'minted',
      text: `file v${version.n}: kubelet’s rotation at 80 % of the TTL`,
    });
    return version;
  } catch (err) {
    const p = current();
    if (p)
      ctx.setProjection(index, { ...p, rotating: false, stopped: true, error: describeError(err).detail });
    return null;
  }
}

/**
 * "Read the file again": the name now means the newest version in the file. When the newest is
 * still the one read before and kubelet would have refreshed it by now (past 80 % of its TTL),
 * the simulated kubelet writes the next version first.
 */
async function reread(ctx: ActionContext, name: string): Promise<StepOutcome> {
  const at = ctx.scenario.steps.findIndex((s) => s.do === 'project' && s.as === name);
  const step = ctx.scenario.steps[at];
  const p = ctx.projection(at);
  if (step?.do !== 'project' || !p) {
    return outcome('failed', {
      kind: 'error',
      detail: `The file is not written yet. Run step ${at + 1} first.`,
    });
  }
  let latest = p.versions.at(-1);
  const read = ctx.token(name);
  if (p.mode === 'simulated' && (!latest || latest.token.id === read?.id || !latest.token.held)) {
    const due = latest ? rotationDueAt(latest.token, latest.receivedAt) : 0;
    const kubeletWould = !latest || Date.now() >= due || Date.now() >= refreshPointOf(latest.token);
    if (kubeletWould) {
      ctx.setProjection(at, { ...p, rotating: true, stopped: false, error: undefined });
      latest = (await rotateProjection(ctx, step, at)) ?? undefined;
    }
  }
  if (!latest) return outcome('failed', { kind: 'error', detail: 'The file holds no token.' });
  ctx.keepToken(name, latest.token);
  ctx.record({ kind: 'changed', badge: 'read', text: `${name} = file v${latest.n}` });
  return outcome('expected', { kind: 'reread', token: name, version: latest.n });
}

/** When the pod's first file version was written: the stale-token search starts there. */
function projectedAt(ctx: ActionContext, pod: string): number | undefined {
  const at = ctx.scenario.steps.findIndex((s) => s.do === 'project' && s.pod === pod);
  return at >= 0 ? ctx.projection(at)?.versions[0]?.receivedAt : undefined;
}

/**
 * The app's request with the token it holds (a real call), then the audit log: did the API server
 * annotate this pod's requests authentication.k8s.io/stale-token since its token was projected?
 */
async function staleCheck(
  ctx: ActionContext,
  step: Extract<ScenarioStep, { do: 'stale-check' }>,
  t: MintedToken,
): Promise<StepOutcome> {
  const result = await tokenApi.request(t.id, step.request);
  ctx.record({ ...statusEvent(result.status), text: `${describeTry(step.request)} with ${step.token}` });
  const since = projectedAt(ctx, step.pod);
  const uses = await scenarioApi.staleUses(
    ctx.scenario.name,
    step.pod,
    step.namespace,
    since === undefined ? undefined : since - 5_000,
  );
  const warnAfter = t.warnAfter ? Date.parse(t.warnAfter) : undefined;
  const reading = readStaleCheck(step.expect, uses, warnAfter, Date.now());
  if (uses.configured && uses.use) {
    ctx.record({
      kind: 'error',
      badge: 'stale',
      text: `${uses.use.count} stale-token ${uses.use.count === 1 ? 'request' : 'requests'} from ${uses.pod}`,
    });
  }
  return outcome(reading.verdict, { kind: 'stale', token: step.token, result, uses, text: reading.text });
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
