'use client';

import Link from '@/components/ui/cluster-link';
import { useState } from 'react';
import { apiFetch } from '@/lib/client/api';
import { AppError } from '@/lib/contracts/errors';
import type { ProofResult, ProveRequest } from '@/lib/contracts/risk';

/**
 * "Prove it": walks a chain of token mints with real TokenRequests (as you, then each minted token)
 * and shows each step's status, the SelfSubjectReview of each minted token and the final read.
 * The tokens stay in this session's vault (the Tokens page), never in the browser.
 */
export function RiskProve({ request, disabledReason }: { request: ProveRequest; disabledReason?: string }) {
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'running' }
    | { kind: 'done'; result: ProofResult }
    | { kind: 'failed'; message: string }
  >({ kind: 'idle' });
  if (disabledReason)
    return (
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-300" data-testid="prove-disabled">
        {disabledReason}
      </p>
    );
  async function run() {
    setState({ kind: 'running' });
    try {
      const result = await apiFetch<ProofResult>('/api/rbac/risk/prove', { method: 'POST', body: request });
      setState({ kind: 'done', result });
    } catch (err) {
      setState({
        kind: 'failed',
        message: err instanceof AppError ? err.detail : 'The proof could not run.',
      });
    }
  }
  return (
    <div className="mt-2 space-y-2" data-testid="risk-prove">
      <button
        type="button"
        onClick={run}
        disabled={state.kind === 'running'}
        className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-60"
      >
        {state.kind === 'running' ? 'Proving…' : 'Prove it'}
      </button>
      <span className="ml-2 text-xs text-slate-600 dark:text-slate-300">
        Mints real tokens ({request.chain.length}), as you first; they are held in this session (Tokens page).
      </span>
      <div aria-live="polite">
        {state.kind === 'failed' && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {state.message}
          </p>
        )}
        {state.kind === 'done' && <ProofView result={state.result} />}
      </div>
    </div>
  );
}

const statusClass = (ok: boolean) =>
  ok
    ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100'
    : 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100';

function ProofView({ result }: { result: ProofResult }) {
  return (
    <div data-testid="proof-result" data-proven={result.proven} className="space-y-1 text-sm">
      <p className="font-semibold">{result.proven ? 'Proven with real tokens' : 'Not proven'}</p>
      <ol className="list-decimal space-y-1 pl-5">
        {result.steps.map((s) => (
          <li key={s.action} data-testid="proof-step" className="break-words">
            <span className={`mr-1 rounded px-1.5 py-0.5 font-mono text-xs ${statusClass(s.status === 201)}`}>
              {s.status}
            </span>{' '}
            {s.action} as {s.as}: {s.message}
            {s.whoami && (
              <span className="block text-xs opacity-80">
                SelfSubjectReview with it: {s.whoami.status} {s.whoami.username}
              </span>
            )}
          </li>
        ))}
        {result.check && (
          <li data-testid="proof-check" className="break-words">
            <span
              className={`mr-1 rounded px-1.5 py-0.5 font-mono text-xs ${statusClass(result.check.status >= 200 && result.check.status < 300)}`}
            >
              {result.check.status}
            </span>{' '}
            {result.check.request}: {result.check.message}
            <code className="block overflow-x-auto text-xs opacity-80">{result.check.kubectl}</code>
          </li>
        )}
      </ol>
      <Link href="/tokens" className="text-xs text-sky-700 hover:underline dark:text-sky-300">
        See the minted tokens
      </Link>
    </div>
  );
}
