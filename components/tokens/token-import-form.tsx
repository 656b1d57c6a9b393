'use client';

import { type FormEvent, useId, useState } from 'react';
import type { MintedToken } from '@/lib/contracts/tokens';
import { inputClass, primaryButtonClass } from '@/components/ui/form-styles';
import { describeError, tokenApi } from '@/lib/client/tokens';

/**
 * Hold a token you already have (read from a pod, or from `kubectl create token`). The field is a
 * password input so the token is not shown on a shared screen, and it is emptied once sent.
 */
export function TokenImportForm({
  disabled,
  onHeld,
}: {
  disabled: boolean;
  onHeld: (t: MintedToken) => void;
}) {
  const id = useId();
  const [token, setToken] = useState('');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const held = await tokenApi.hold({
        token: token.trim(),
        ...(label.trim() ? { label: label.trim() } : {}),
      });
      setToken('');
      setLabel('');
      onHeld(held);
    } catch (err) {
      setError(describeError(err).detail);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Hold a token you already have">
      <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div>
          <label htmlFor={`${id}-token`} className="mb-1 block text-sm font-medium">
            Token (JWT)
          </label>
          <input
            id={`${id}-token`}
            type="password"
            className={`${inputClass} font-mono`}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            required
          />
        </div>
        <div>
          <label htmlFor={`${id}-label`} className="mb-1 block text-sm font-medium">
            Label (optional)
          </label>
          <input
            id={`${id}-label`}
            className={inputClass}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            autoComplete="off"
          />
        </div>
      </div>
      <button
        type="submit"
        className={primaryButtonClass}
        disabled={disabled || token.trim().length < 20}
        aria-disabled={busy}
      >
        {busy ? 'Holding…' : 'Hold token'}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}
