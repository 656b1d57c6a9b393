'use client';

import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { serviceAccountApi } from '@/lib/client/serviceaccounts';
import { AppError } from '@/lib/contracts/errors';
import type { CanIResult } from '@/lib/contracts/rbac';
import { RequestFields, requestInputClass } from '@/components/rbac/request-fields';
import { ruleText, VERB_ORDER } from './sa-format';

/** The verbs offered in the form: the matrix's order without the wildcard and rarely asked ones. */
const VERBS = VERB_ORDER.filter((v) => !['*', 'use', 'approve', 'sign'].includes(v));

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    // The input is passed as children, which the lint rule cannot see.
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child element.
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{label}</span>
      {children}
    </label>
  );
}

function Verdict({ allowed, label }: { allowed: boolean; label: string }) {
  return (
    <p
      className={`text-lg font-semibold ${allowed ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}
      data-testid={`can-i-${label}`}
    >
      {allowed ? 'Allowed' : 'Not allowed'}
    </p>
  );
}

function Result({ result }: { result: CanIResult }) {
  const { review, engine } = result;
  return (
    <div className="space-y-3" data-testid="can-i-result">
      {!result.agree && (
        <div
          role="alert"
          data-testid="can-i-disagreement"
          className="rounded-lg border-2 border-red-600 bg-red-100 p-4 text-red-950 dark:bg-red-950 dark:text-red-50"
        >
          <p className="text-lg font-bold">
            Disagreement: the API server and the local engine answer differently.
          </p>
          <p className="mt-1 text-sm">
            The API server says {review.allowed ? 'allowed' : 'not allowed'}; Tokenscope’s engine says{' '}
            {engine.allowed ? 'allowed' : 'not allowed'}. The API server’s answer is the truth: RBAC may have
            changed between the two reads, another authorizer (Node, webhook) may have decided, or the engine
            has a bug worth reporting.
          </p>
        </div>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
            API server (SubjectAccessReview)
          </h3>
          <Verdict allowed={review.allowed} label="review" />
          <p className="mt-1 text-sm">
            {review.reason || (review.allowed ? 'No reason given.' : 'No authorizer had an opinion.')}
          </p>
          {review.evaluationError && (
            <p className="mt-1 text-sm text-amber-700 dark:text-amber-300">{review.evaluationError}</p>
          )}
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            as {result.user.username} with groups {result.user.groups.join(', ')}
          </p>
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
            Local engine (explain)
          </h3>
          <Verdict allowed={engine.allowed} label="engine" />
          {engine.grants.length > 0 ? (
            <ul className="mt-1 space-y-1 text-sm">
              {engine.grants.map((g, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: grants are listed in the authorizer's order.
                <li key={i}>
                  <span className="font-mono">{g.binding.name}</span> →{' '}
                  <span className="font-mono">{g.role.name}</span>
                  <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">
                    {ruleText(g.rule)}
                  </span>
                </li>
              ))}
            </ul>
          ) : engine.nearMisses.length > 0 ? (
            <>
              <p className="mt-1 text-sm">Closest rules, and why they do not apply:</p>
              <ul className="mt-1 space-y-1 text-sm">
                {engine.nearMisses.slice(0, 5).map((m, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: near misses are ranked, the position is the identity.
                  <li key={i}>
                    <span className="font-mono">{m.binding.name}</span> →{' '}
                    <span className="font-mono">{m.role.name}</span>
                    <span className="block text-xs text-slate-600 dark:text-slate-400">
                      {m.mismatches.map((x) => x.reason).join('; ')}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="mt-1 text-sm">No binding reaching it comes close.</p>
          )}
        </section>
      </div>
    </div>
  );
}

/** "Can it …?": asks the API server and the local engine the same question, side by side. */
export function SaCanI({ namespace, name }: { namespace: string; name: string }) {
  const id = useId();
  const [mode, setMode] = useState<'resource' | 'url'>('resource');
  const [result, setResult] = useState<CanIResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const body =
      mode === 'url'
        ? { verb: text('verb'), path: text('path') }
        : {
            verb: text('verb'),
            group: text('group'),
            resource: text('resource'),
            ...(text('subresource') ? { subresource: text('subresource') } : {}),
            namespace: text('namespace'),
            ...(text('name') ? { name: text('name') } : {}),
          };
    setBusy(true);
    setError(null);
    try {
      setResult(await serviceAccountApi.canI({ namespace, name }, body));
    } catch (err) {
      setResult(null);
      setError(err instanceof AppError ? err.detail : 'The question could not be asked.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="space-y-3" aria-label="Can it …?">
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">Kind of request</legend>
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'resource'}
              onChange={() => setMode('resource')}
            />
            Resource request
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'url'}
              onChange={() => setMode('url')}
            />
            Non-resource URL
          </label>
        </fieldset>
        <div className="flex flex-wrap items-end gap-3">
          <RequestFields
            idPrefix={id}
            fields={['verb']}
            defaults={{ verb: 'list' }}
            suggestions={{ verb: VERBS }}
            widths={{ verb: 'w-32' }}
          />
          {mode === 'url' ? (
            <Field label="Path">
              <input name="path" required defaultValue="/healthz" className={`${requestInputClass} w-64`} />
            </Field>
          ) : (
            <RequestFields
              idPrefix={id}
              fields={['group', 'resource', 'subresource', 'namespace', 'name']}
              defaults={{ resource: 'pods', namespace }}
              widths={{ group: 'w-40', resource: 'w-40', subresource: 'w-32', namespace: 'w-40', name: 'w-40' }}
            />
          )}
          <button
            type="submit"
            disabled={busy}
            className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50"
          >
            {busy ? 'Asking…' : 'Ask'}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {result && <Result result={result} />}
    </div>
  );
}
