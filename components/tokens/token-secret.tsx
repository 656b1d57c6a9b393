'use client';

import { useId, useState } from 'react';
import type { MintedToken } from '@/lib/contracts/tokens';
import { describeError, tokenApi } from '@/lib/client/tokens';
import { buttonClass, TokenCopyButton } from './token-copy-button';

/**
 * Reveal and copy of the raw token. Both ask the server at the moment of the click; the revealed
 * token lives in React state only while shown (Hide clears it) and is never put in browser storage.
 */
export function TokenSecret({ token, presenterSafe }: { token: MintedToken; presenterSafe: boolean }) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const regionId = useId();

  if (presenterSafe) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="presenter-safe-note">
        Presenter-safe mode: the raw token cannot be revealed or copied.
      </p>
    );
  }
  const unavailable = !token.held;

  async function reveal() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      setRevealed(await tokenApi.reveal(token.id));
    } catch (err) {
      setError(describeError(err).detail);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {revealed === null ? (
          <button
            type="button"
            className={buttonClass}
            onClick={reveal}
            disabled={unavailable}
            aria-disabled={busy}
            aria-controls={regionId}
            aria-expanded={false}
          >
            {busy ? 'Revealing…' : 'Reveal token'}
          </button>
        ) : (
          <button
            type="button"
            className={buttonClass}
            onClick={() => setRevealed(null)}
            aria-controls={regionId}
            aria-expanded
          >
            Hide token
          </button>
        )}
        <TokenCopyButton
          label="Copy token"
          disabled={unavailable}
          getText={() => tokenApi.reveal(token.id)}
          onError={setError}
        />
        {unavailable && (
          <span className="text-xs text-slate-500">The server no longer holds this token.</span>
        )}
      </div>
      <div id={regionId}>
        {revealed !== null && (
          <code
            data-testid="token-revealed"
            className="block max-h-40 overflow-auto rounded-md bg-slate-100 p-2 font-mono text-xs break-all dark:bg-slate-800"
          >
            {revealed}
          </code>
        )}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
