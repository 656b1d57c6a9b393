'use client';

import { useEffect, useId, useState } from 'react';
import type { CanIResult } from '@/lib/contracts/rbac';
import { grantLabels } from '@/lib/contracts/scenario-labels';
import type { ScenarioGrantResult, ScenarioSummary } from '@/lib/contracts/scenarios-api';
import type { TryResult } from '@/lib/contracts/tokens';
import { type GrantAttributes, suggestGrant } from '@/lib/rbac/suggest';
import { scenarioApi } from '@/lib/client/scenarios';
import { ScenarioYaml } from './scenario-code';
import type { TimelineEvent } from './scenario-model';
import { whyNotOneClick } from './scenario-why-denied-model';
import { statusEvent } from './scenario-outcome-model';
import { ScenarioObjects } from './scenario-objects';
import { describeError } from '@/lib/client/tokens';
import { primaryButtonClass } from '@/components/ui/form-styles';
import { TryResultView } from '@/components/tokens/try-result';
import { serviceAccountApi } from '@/lib/client/serviceaccounts';

/**
 * "Why denied?" for a 403: the API server's SubjectAccessReview verdict, the bindings that came
 * closest (the local engine's near misses) and the minimal Role + RoleBinding that would allow the
 * request, which the server can apply inside the scenario's namespace; then the same request again.
 */
export function ScenarioWhyDenied({
  id,
  scenario,
  serviceAccount: sa,
  attrs,
  retry,
  readOnly,
  onEvent,
}: {
  /** The section's id, for the stage's "Why denied?" button. */
  id?: string;
  scenario: ScenarioSummary;
  serviceAccount: { namespace: string; name: string };
  attrs: GrantAttributes;
  /** Sends the denied request again (with the same token) after the fix. */
  retry?: () => Promise<TryResult>;
  readOnly: boolean;
  onEvent: (event: Omit<TimelineEvent, 'id' | 'at'>) => void;
}) {
  const headingId = useId();
  const [check, setCheck] = useState<CanIResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [applied, setApplied] = useState<ScenarioGrantResult | null>(null);
  const [after, setAfter] = useState<TryResult | null>(null);
  const grant = suggestGrant(sa, attrs, grantLabels(scenario.name));
  const blocked = whyNotOneClick(scenario, sa, attrs, grant.sensitive, readOnly);

  // Keyed by value: the parent rebuilds these objects on every render.
  const key = JSON.stringify([sa, attrs]);
  useEffect(() => {
    let live = true;
    const [who, what] = JSON.parse(key) as [typeof sa, GrantAttributes];
    serviceAccountApi.canI(who, what).then(
      (r) => live && setCheck(r),
      (err) => live && setError(`SubjectAccessReview failed: ${describeError(err).detail}`),
    );
    return () => {
      live = false;
    };
  }, [key]);

  async function applyFix() {
    if (busy || blocked) return;
    setBusy(true);
    setError(null);
    try {
      const result = await scenarioApi.grant(scenario.name, { serviceAccount: sa, request: attrs });
      setApplied(result);
      onEvent({ kind: 'changed', badge: 'granted', text: `Role + RoleBinding ${result.role.name}` });
      if (retry && result.ok) {
        const again = await retry();
        setAfter(again);
        onEvent({ ...statusEvent(again.status), text: 'the same request after the fix' });
      }
    } catch (err) {
      setError(describeError(err).detail);
    } finally {
      setBusy(false);
    }
  }

  const review = check?.review;
  return (
    <section
      id={id}
      tabIndex={-1}
      aria-labelledby={headingId}
      data-testid="why-denied"
      className="scroll-my-4 space-y-3 rounded-lg border-2 border-amber-500 bg-white p-4 dark:bg-slate-900"
    >
      <h3 id={headingId} className="text-lg font-semibold">
        Why denied?
      </h3>
      {review ? (
        <p data-testid="sar-verdict" data-allowed={review.allowed} className="text-sm">
          <span className="font-semibold">SubjectAccessReview:</span>{' '}
          {review.allowed ? 'allowed now' : 'not allowed'} for{' '}
          <span className="font-mono">{check.user.username}</span>
          {review.reason ? ` — ${review.reason}` : ' — no RBAC rule allows it.'}
        </p>
      ) : (
        !error && (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Asking the API server (SubjectAccessReview)…
          </p>
        )
      )}
      {check && (
        <div>
          <p className="text-sm font-medium">Closest bindings, and why they do not apply:</p>
          {check.engine.nearMisses.length > 0 ? (
            <ul data-testid="near-misses" className="mt-1 space-y-1 text-sm">
              {check.engine.nearMisses.slice(0, 3).map((m) => (
                <li key={`${m.binding.kind}/${m.binding.namespace ?? ''}/${m.binding.name}/${m.role.name}`}>
                  <span className="font-mono">
                    {m.binding.kind} {m.binding.name}
                  </span>{' '}
                  → <span className="font-mono">{m.role.name}</span>
                  <span className="block text-xs text-slate-600 dark:text-slate-300">
                    {m.mismatches.map((x) => x.reason).join('; ')}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
              No binding reaching it comes close.
            </p>
          )}
        </div>
      )}
      <ScenarioYaml label="Minimal Role + RoleBinding" text={grant.yaml} />
      {blocked ? (
        // No button at all where the server would refuse: the reason is the answer.
        <p
          data-testid="grant-refused"
          className="rounded border-l-4 border-amber-500 bg-amber-50 px-3 py-2 text-sm text-slate-800 dark:bg-amber-950/40 dark:text-slate-100"
        >
          {blocked}
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className={primaryButtonClass} onClick={applyFix} aria-disabled={busy}>
            {busy ? 'Applying…' : 'Apply this fix'}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {applied && <ScenarioObjects results={applied.results} />}
      {after && (
        <div data-testid="after-fix" className="space-y-1">
          <p className="text-sm font-medium">The same request, sent again with the same token:</p>
          <TryResultView result={after} title="after the fix" />
        </div>
      )}
    </section>
  );
}
