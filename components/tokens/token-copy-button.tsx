'use client';

import { useEffect, useState } from 'react';
import { describeError } from '@/lib/client/errors';

export const buttonClass =
  'rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-wait aria-disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800';

/**
 * Copies text produced on demand (so a secret is fetched only when the user asks, and kept in no
 * state), or a fixed `text` (what a server component can hand over); says "Copied" for a moment in
 * a polite live region.
 */
export function TokenCopyButton({
  label,
  getText,
  text,
  disabled,
  onError,
}: {
  label: string;
  getText?: () => Promise<string> | string;
  text?: string;
  disabled?: boolean;
  onError?: (message: string) => void;
}) {
  const [state, setState] = useState<'idle' | 'busy' | 'copied'>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    if (state === 'busy') return;
    setState('busy');
    try {
      await navigator.clipboard.writeText(getText ? await getText() : (text ?? ''));
      setState('copied');
    } catch (err) {
      setState('idle');
      onError?.(
        err instanceof DOMException ? 'The browser refused clipboard access.' : describeError(err).detail,
      );
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={buttonClass}
        onClick={copy}
        disabled={disabled}
        aria-disabled={state === 'busy'}
      >
        {label}
      </button>
      <span aria-live="polite" className="text-xs text-emerald-700 dark:text-emerald-400">
        {state === 'copied' ? 'Copied' : ''}
      </span>
    </span>
  );
}
