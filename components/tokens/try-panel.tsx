'use client';

import { type FormEvent, useState } from 'react';
import type { MintedToken, ReviewResult, TryResult, WhoamiResult } from '@/lib/contracts/tokens';
import { primaryButtonClass } from '@/components/ui/form-styles';
import { describeError, tokenApi } from '@/lib/client/tokens';
import { buttonClass } from './token-copy-button';
import { describeTry, parseTryCommand } from './try-command';
import { TryRequestPicker } from './try-request-picker';
import { ReviewView, TryResultView, WhoamiView } from './try-result';

type Outcome<T> = { ok: true; value: T; title: string } | { ok: false; error: string };

async function settle<T>(p: Promise<T>, title: string): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await p, title };
  } catch (err) {
    return { ok: false, error: describeError(err).detail };
  }
}

function Failure({ error }: { error: string }) {
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {error}
    </p>
  );
}

/** "Try it": a real request made with the token, plus whoami (SelfSubjectReview) and TokenReview. */
export function TryPanel({ token }: { token: MintedToken }) {
  const [command, setCommand] = useState(`list pods -n ${token.namespace}`);
  const [busy, setBusy] = useState<'request' | 'whoami' | 'review' | null>(null);
  const [request, setRequest] = useState<Outcome<TryResult> | null>(null);
  const [whoami, setWhoami] = useState<Outcome<WhoamiResult> | null>(null);
  const [review, setReview] = useState<Outcome<ReviewResult> | null>(null);
  const parsed = parseTryCommand(command, token.namespace);
  const unusable = !token.held;

  async function run(e: FormEvent) {
    e.preventDefault();
    if (!parsed.ok || busy) return;
    setBusy('request');
    setRequest(await settle(tokenApi.request(token.id, parsed.request), describeTry(parsed.request)));
    setBusy(null);
  }
  async function runWhoami() {
    if (busy) return;
    setBusy('whoami');
    setWhoami(await settle(tokenApi.whoami(token.id), 'whoami'));
    setBusy(null);
  }
  async function runReview() {
    if (busy) return;
    setBusy('review');
    setReview(await settle(tokenApi.review(token.id), 'TokenReview'));
    setBusy(null);
  }

  return (
    <section
      aria-label="Try it"
      className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800"
    >
      <h4 className="text-sm font-semibold">Try it with this token</h4>
      <form onSubmit={run} className="space-y-2">
        <TryRequestPicker
          namespace={token.namespace}
          serviceAccount={token.serviceAccount}
          value={command}
          onChange={setCommand}
        />
        <div className="flex flex-wrap gap-2">
          <button
            type="submit"
            className={primaryButtonClass}
            disabled={!parsed.ok || unusable}
            aria-disabled={busy !== null}
          >
            {busy === 'request' ? 'Running…' : 'Run request'}
          </button>
          <button
            type="button"
            className={buttonClass}
            onClick={runWhoami}
            disabled={unusable}
            aria-disabled={busy !== null}
          >
            {busy === 'whoami' ? 'Asking…' : 'Who am I?'}
          </button>
          <button
            type="button"
            className={buttonClass}
            onClick={runReview}
            disabled={unusable}
            aria-disabled={busy !== null}
          >
            {busy === 'review' ? 'Reviewing…' : 'TokenReview'}
          </button>
        </div>
      </form>
      <div aria-live="polite" className="space-y-3">
        {request &&
          (request.ok ? (
            <TryResultView result={request.value} title={request.title} />
          ) : (
            <Failure error={request.error} />
          ))}
        {whoami && (whoami.ok ? <WhoamiView result={whoami.value} /> : <Failure error={whoami.error} />)}
        {review && (review.ok ? <ReviewView result={review.value} /> : <Failure error={review.error} />)}
      </div>
    </section>
  );
}
