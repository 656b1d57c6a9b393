'use client';

import { type FormEvent, useId, useState } from 'react';
import type { MintedToken, TryRequest, TryResult } from '@/lib/contracts/tokens';
import { describeError, tokenApi } from '@/lib/client/tokens';
import { subjectOf, tokenHandle } from './token-view';
import { describeTry, parseTryCommand } from './try-command';
import { primaryButtonClass } from '@/components/ui/form-styles';
import { TryRequestPicker } from './try-request-picker';
import { StageStatus, TryResultView } from './try-result';

/** One identity's answer in a comparison. */
export type CompareColumn = { id: string; title: string; subject: string } & (
  | { ok: true; result: TryResult }
  | { ok: false; error: string }
);

/** Sends one request with each token at once; a failure stays in its own column. */
export function compareTokens(
  tokens: readonly MintedToken[],
  request: TryRequest,
  titleOf: (t: MintedToken) => string = tokenHandle,
): Promise<CompareColumn[]> {
  return Promise.all(
    tokens.map(async (t): Promise<CompareColumn> => {
      const head = { id: t.id, title: titleOf(t), subject: subjectOf(t) };
      try {
        return { ...head, ok: true, result: await tokenApi.request(t.id, request) };
      } catch (err) {
        return { ...head, ok: false, error: describeError(err).detail };
      }
    }),
  );
}

/** The answers side by side (200 vs 403), each with its identity; `large` adds the status in stage figures. */
export function CompareColumns({
  columns,
  ran,
  large = false,
}: {
  columns: CompareColumn[];
  ran: string;
  large?: boolean;
}) {
  return (
    <section
      aria-label={`Compared answers: ${ran}`}
      data-testid="compare-results"
      className="grid gap-4 md:grid-cols-2"
    >
      {columns.map((c) => (
        <div
          key={c.id}
          data-testid="compare-column"
          data-token-id={c.id}
          className="min-w-0 space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800"
        >
          <h3 className={`font-semibold ${large ? 'text-lg' : 'text-sm'}`}>{c.title}</h3>
          <p className="font-mono text-xs break-all text-slate-500 dark:text-slate-400">{c.subject}</p>
          {large && c.ok && <StageStatus status={c.result.status} testId="compare-status" />}
          {c.ok ? (
            <TryResultView result={c.result} title={ran} />
          ) : (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {c.error}
            </p>
          )}
        </div>
      ))}
    </section>
  );
}

/** The same request made with several held tokens at once, answers side by side (200 vs 403). */
export function TryCompare({ tokens }: { tokens: MintedToken[] }) {
  const id = useId();
  const namespace = tokens[0]?.namespace ?? 'default';
  const [command, setCommand] = useState(`list pods -n ${namespace}`);
  // Tokens are compared unless unticked, so a freshly minted token joins the comparison by itself.
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [columns, setColumns] = useState<CompareColumn[] | null>(null);
  const [ran, setRan] = useState('');
  const parsed = parseTryCommand(command, namespace);
  const selected = tokens.filter((t) => !excluded.has(t.id));

  function toggle(tokenId: string, on: boolean) {
    setExcluded((s) => {
      const next = new Set(s);
      if (on) next.delete(tokenId);
      else next.add(tokenId);
      return next;
    });
  }

  async function runAll(e: FormEvent) {
    e.preventDefault();
    if (busy || !parsed.ok || selected.length === 0) return;
    setBusy(true);
    const request = parsed.request;
    const results = await compareTokens(selected, request);
    setRan(describeTry(request));
    setColumns(results);
    setBusy(false);
  }

  return (
    <form onSubmit={runAll} aria-labelledby={`${id}-title`} className="space-y-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Compare: one request, several identities
      </h2>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Run as</legend>
        <ul className="flex flex-wrap gap-x-5 gap-y-2">
          {tokens.map((t) => (
            <li key={t.id}>
              <label className="inline-flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={!excluded.has(t.id)}
                  onChange={(e) => toggle(t.id, e.target.checked)}
                />
                <span className="font-mono">{tokenHandle(t)}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <TryRequestPicker namespace={namespace} value={command} onChange={setCommand} />
      <button
        type="submit"
        className={primaryButtonClass}
        disabled={!parsed.ok || selected.length === 0}
        aria-disabled={busy}
      >
        {busy ? 'Running…' : `Run for all ${selected.length} selected`}
      </button>
      {columns && <CompareColumns columns={columns} ran={ran} />}
    </form>
  );
}
