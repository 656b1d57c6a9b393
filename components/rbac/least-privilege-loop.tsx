'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { primaryButtonClass } from '@/components/ui/form-styles';
import { apiFetch } from '@/lib/client/api';
import { AppError } from '@/lib/contracts/errors';
import type { LeastPrivilegeReplay } from '@/lib/contracts/least-privilege';
import { describeRequest } from '@/lib/rbac/audit-use';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; what: 'replay' | 'remove' }
  | { kind: 'replayed'; replay: LeastPrivilegeReplay }
  | { kind: 'removed'; deleted: string[] }
  | { kind: 'error'; message: string };

const secondaryButton =
  'rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';

/**
 * The loop's one click: apply the proposal to a copy account, mint a token for it as the caller,
 * replay every recorded request with it. And "Remove the copy".
 */
export function LeastPrivilegeLoop({
  namespace,
  name,
  copy,
  copyExists,
  windowSeconds,
  readOnly,
}: {
  namespace: string;
  name: string;
  copy: string;
  copyExists: boolean;
  windowSeconds: number;
  readOnly: boolean;
}) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [exists, setExists] = useState(copyExists);
  const base = `/api/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(name)}/least-privilege/copy`;
  const busy = state.kind === 'running';

  async function run() {
    setState({ kind: 'running', what: 'replay' });
    try {
      const replay = await apiFetch<LeastPrivilegeReplay>(base, {
        method: 'POST',
        body: { window: windowSeconds },
      });
      setExists(true);
      setState({ kind: 'replayed', replay });
    } catch (err) {
      setState({ kind: 'error', message: err instanceof AppError ? err.detail : 'The replay failed.' });
    }
  }

  async function remove() {
    setState({ kind: 'running', what: 'remove' });
    try {
      const { deleted } = await apiFetch<{ deleted: string[] }>(base, { method: 'DELETE' });
      setExists(false);
      setState({ kind: 'removed', deleted });
      router.refresh();
    } catch (err) {
      setState({
        kind: 'error',
        message: err instanceof AppError ? err.detail : 'Removing the copy failed.',
      });
    }
  }

  return (
    <div className="space-y-4" data-testid="lp-loop">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Creates the ServiceAccount{' '}
        <span className="font-mono">
          {namespace}/{copy}
        </span>{' '}
        with the proposed Role(s) and binding(s), labelled as made by Tokenscope, mints a 10-minute token for
        it <em>as you</em> (the token stays on the server), and replays every recorded request with that
        token.{' '}
        <strong>Reads (get, list) are sent for real; writes, watches and other verbs are only checked</strong>{' '}
        with a SelfSubjectAccessReview made with the copy&apos;s token, so nothing in the cluster is changed
        by the replay. The original account is not touched.
      </p>
      {readOnly ? (
        <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="lp-read-only">
          Tokenscope runs read-only (TOKENSCOPE_READ_ONLY): it will not create the copy. Apply the YAML above
          to a test account yourself.
        </p>
      ) : (
        <div className="flex flex-wrap gap-3">
          <button
            type="button"
            className={primaryButtonClass}
            onClick={run}
            disabled={busy}
            aria-disabled={busy || undefined}
            data-testid="lp-run"
          >
            {state.kind === 'running' && state.what === 'replay'
              ? 'Applying and replaying…'
              : 'Apply to a copy and replay'}
          </button>
          {exists && (
            <button
              type="button"
              className={secondaryButton}
              onClick={remove}
              disabled={busy}
              data-testid="lp-remove"
            >
              {state.kind === 'running' && state.what === 'remove' ? 'Removing…' : 'Remove the copy'}
            </button>
          )}
        </div>
      )}
      <div aria-live="polite" className="space-y-4">
        {state.kind === 'error' && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="lp-error">
            {state.message}
          </p>
        )}
        {state.kind === 'removed' && (
          <p className="text-sm" data-testid="lp-removed">
            Removed: {state.deleted.length > 0 ? state.deleted.join(', ') : 'nothing was left'}.
          </p>
        )}
        {state.kind === 'replayed' && <ReplayResults replay={state.replay} />}
      </div>
    </div>
  );
}

function ReplayResults({ replay }: { replay: LeastPrivilegeReplay }) {
  const ok = replay.failures === 0;
  return (
    <div className="space-y-3" data-testid="lp-replay">
      <p
        className={`font-medium ${ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}
        data-testid="lp-replay-summary"
      >
        {replay.results.length} request{replay.results.length === 1 ? '' : 's'} replayed as{' '}
        <span className="font-mono">{replay.tokenUser}</span>: {replay.failures} failure
        {replay.failures === 1 ? '' : 's'}.
      </p>
      <ul className="space-y-1 text-sm">
        {replay.results.map((r) => (
          <li key={r.detail} className="flex flex-wrap gap-x-2" data-testid="lp-replay-result" data-ok={r.ok}>
            <span
              className={`font-mono ${r.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}
            >
              {r.method === 'request' ? r.status : r.ok ? 'allowed' : 'denied'}
            </span>
            <span className="font-mono break-all">{describeRequest(r.request)}</span>
            <span className="text-slate-500 dark:text-slate-400 break-all">
              {r.method === 'request' ? r.detail : '(checked, not sent: SelfSubjectAccessReview)'}
            </span>
          </li>
        ))}
      </ul>
      {replay.unusedGrants.length > 0 && (
        <div>
          <h3 className="font-medium">Unused grants, checked against the copy</h3>
          <ul className="mt-1 space-y-1 text-sm" data-testid="lp-unused-checks">
            {replay.unusedGrants.map((u) => (
              <li key={u.description} data-gone={u.gone}>
                <span
                  className={
                    u.gone ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'
                  }
                >
                  {u.gone ? 'gone' : 'still allowed'}
                </span>{' '}
                <span className="font-mono break-all">{u.description}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="text-xs text-slate-500 dark:text-slate-400">Applied: {replay.applied.join(', ')}</p>
    </div>
  );
}
