'use client';

import { type ReactNode, useId } from 'react';
import type { GuidedStep } from '@/lib/contracts/scenarios-api';
import type { StepOutcome } from './scenario-actions';
import { ScenarioExpiry } from './scenario-expiry';
import { grantAttributesOfMint, grantAttributesOfTry } from './scenario-outcome-model';
import { ScenarioObjects } from './scenario-objects';
import { ScenarioProjection } from './scenario-projection';
import { ScenarioStaleCheck } from './scenario-stale-check';
import { ScenarioStage, type StepOutcomeProps } from './scenario-stage';
import { ScenarioWhyDenied } from './scenario-why-denied';
import { tokenApi } from '@/lib/client/tokens';
import { TokenCard } from '@/components/tokens/token-card';
import { tokenHandle } from '@/components/tokens/token-view';
import { StatusBadge, TryResultView, WhoamiView } from '@/components/tokens/try-result';

const verdictClass: Record<StepOutcome['verdict'], string> = {
  expected: 'border-emerald-600 bg-emerald-50 text-emerald-950 dark:bg-emerald-950/50 dark:text-emerald-50',
  unexpected: 'border-amber-500 bg-amber-50 text-amber-950 dark:bg-amber-950/50 dark:text-amber-50',
  waiting: 'border-sky-600 bg-sky-50 text-sky-950 dark:bg-sky-950/50 dark:text-sky-50',
  failed: 'border-red-600 bg-red-50 text-red-950 dark:bg-red-950/50 dark:text-red-50',
};

function statusOf(o: StepOutcome): number | undefined {
  const r = o.result;
  if (r.kind === 'try' || r.kind === 'whoami') return r.result.status;
  if (r.kind === 'refused' || r.kind === 'error') return r.status;
  if (r.kind === 'minted') return 201;
  return undefined;
}

function verdictText(step: GuidedStep, o: StepOutcome): string {
  if (o.result.kind === 'stale') return o.result.text;
  const expected = step.do === 'try' || step.do === 'mint' ? step.expect : undefined;
  const got = statusOf(o);
  switch (o.verdict) {
    case 'expected':
      if (step.do === 'wait-expiry')
        return step.request
          ? 'Rejected: the same request now gets 401, as expected.'
          : 'Rejected: the API server answered 401, as expected.';
      return expected !== undefined ? `As expected: ${expected}.` : 'Done.';
    case 'unexpected':
      return `The scenario expects ${expected ?? 'success'}; the API server answered ${got ?? 'differently'}.`;
    case 'waiting':
      return step.do === 'wait-expiry' && step.request
        ? 'Waiting for the API server to reject the token; then the same request is sent again (401 expected).'
        : 'Waiting for the API server to reject the token (401).';
    case 'failed':
      return o.result.kind === 'error' ? `Failed: ${o.result.detail}` : 'Failed: see the objects below.';
  }
}

/**
 * The inline result of a step: the verdict, the stage (status, tokens in play, next), then the reused
 * token workbench views and "Why denied?" (before the request's details in presenter mode).
 */
export function ScenarioStepResult({ readOnly, ...props }: StepOutcomeProps & { readOnly: boolean }) {
  const { scenario, step, index, outcome, runner, presenter } = props;
  const r = outcome.result;
  const held = (name: string) => runner.tokens[name];
  const whyId = useId();
  let why = false;
  let body: ReactNode = null;
  if (r.kind === 'run') body = <ScenarioObjects results={r.run.results} />;
  else if (r.kind === 'minted') {
    const t = held(r.token);
    const minter = step.do === 'mint' && step.actAs ? held(step.actAs) : undefined;
    body = t ? (
      <TokenCard
        token={t}
        presenterSafe={presenter}
        minterHandle={minter ? tokenHandle(minter) : undefined}
        probe={runner.probes[t.id]}
        onProbe={runner.probe}
        onForget={runner.forget}
        offScreenSaving={false}
      />
    ) : (
      <p data-testid="token-gone" className="text-sm">
        {runner.missingText(r.token)}
      </p>
    );
  } else if (r.kind === 'refused') {
    const actor = step.do === 'mint' && step.actAs ? held(step.actAs) : undefined;
    why = r.status === 403 && step.do === 'mint' && actor !== undefined;
    body = (
      <div className="space-y-3">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <StatusBadge status={r.status} />
          <span>{r.detail}</span>
        </p>
        {why && step.do === 'mint' && actor && (
          <ScenarioWhyDenied
            id={whyId}
            scenario={scenario}
            serviceAccount={{ namespace: actor.namespace, name: actor.serviceAccount }}
            attrs={grantAttributesOfMint(step.namespace ?? scenario.namespace, step.serviceAccount)}
            readOnly={readOnly}
            onEvent={runner.record}
          />
        )}
      </div>
    );
  } else if (r.kind === 'try' && step.do === 'try') {
    const t = held(step.token);
    const attrs = grantAttributesOfTry(step.request);
    const details = <TryResultView key="details" result={r.result} title={step.title} />;
    const denied =
      r.result.status === 403 && t ? (
        attrs ? (
          <ScenarioWhyDenied
            key="why"
            id={whyId}
            scenario={scenario}
            serviceAccount={{ namespace: t.namespace, name: t.serviceAccount }}
            attrs={attrs}
            retry={() => tokenApi.request(t.id, step.request)}
            readOnly={readOnly}
            onEvent={runner.record}
          />
        ) : (
          <p key="why" className="text-sm">
            A cluster-wide request needs a ClusterRoleBinding; Tokenscope suggests namespaced fixes only.
          </p>
        )
      ) : null;
    why = denied !== null && attrs !== null;
    // On stage the explanation comes first; the request's kubectl and curl lines follow.
    body = <div className="space-y-3">{presenter ? [denied, details] : [details, denied]}</div>;
  } else if (r.kind === 'whoami') body = <WhoamiView result={r.result} />;
  else if (r.kind === 'watch') {
    const t = held(r.token);
    const request = step.do === 'wait-expiry' ? step.request : undefined;
    body = (
      <div className="space-y-3">
        {t ? (
          <ScenarioExpiry
            name={r.token}
            token={t}
            probe={runner.probes[t.id]}
            onProbe={runner.probe}
            request={request}
            onSend={() => runner.sendWatched(index)}
          />
        ) : null}
        {!t?.held && (
          <p data-testid="token-gone" className="text-sm">
            {runner.missingText(r.token)}
          </p>
        )}
        {r.result && <TryResultView result={r.result} title={step.title} />}
      </div>
    );
  } else if (r.kind === 'stale' && step.do === 'stale-check') {
    body = (
      <ScenarioStaleCheck
        step={step}
        namespace={step.namespace ?? scenario.namespace}
        token={held(r.token)}
        result={r.result}
        uses={r.uses}
        title={step.title}
        waiting={outcome.verdict === 'waiting'}
        onDue={() => void runner.run(index)}
      />
    );
  } else if (r.kind === 'reread') {
    const t = held(r.token);
    body = (
      <p data-testid="reread-result" className="text-sm">
        {r.token} now holds file v{r.version}
        {t ? ` (${tokenHandle(t)})` : ''}: what the application sends from here on.
      </p>
    );
  } else if (r.kind === 'project') {
    const p = runner.projections[index];
    body = p && (
      <ScenarioProjection
        projection={p}
        probes={runner.probes}
        onProbe={runner.probe}
        onRotate={() => runner.rotate(index)}
      />
    );
  }

  return (
    <div className="space-y-3" data-testid="step-result">
      <p
        data-testid="step-verdict"
        data-verdict={outcome.verdict}
        className={`rounded-md border-l-4 px-3 py-2 text-sm font-medium ${verdictClass[outcome.verdict]}`}
      >
        {verdictText(step, outcome)}
      </p>
      <ScenarioStage {...props} whyDeniedId={why ? whyId : null} />
      {body}
    </div>
  );
}
