'use client';

import { useId } from 'react';
import { inputClass } from '@/components/ui/form-styles';
import { describeTry, type ParsedTry, parseTryCommand, tryPresets } from './try-command';

// Re-exported for forms that still import it from here; new code imports './form-styles'.
export { inputClass };

/**
 * A request to run with a token: a menu of common reads and a kubectl-style text field that the menu
 * fills in and the user may edit (`list pods -n default`, `get sa default`, `list nodes`).
 */
export function TryRequestPicker({
  namespace,
  serviceAccount,
  value,
  onChange,
}: {
  namespace: string;
  serviceAccount?: string;
  value: string;
  onChange: (command: string) => void;
}) {
  const id = useId();
  const presets = tryPresets(namespace, serviceAccount);
  const parsed = parseTryCommand(value, namespace);
  return (
    <div className="grid gap-2 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]">
      <label className="text-sm">
        <span className="mb-1 block text-slate-600 dark:text-slate-300">Menu</span>
        <select
          className={inputClass}
          value={presets.includes(value) ? value : ''}
          onChange={(e) => e.target.value && onChange(e.target.value)}
        >
          <option value="">Custom…</option>
          {presets.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <div className="text-sm">
        <label htmlFor={`${id}-cmd`} className="mb-1 block text-slate-600 dark:text-slate-300">
          Request (get or list, kubectl style)
        </label>
        <input
          id={`${id}-cmd`}
          className={`${inputClass} font-mono`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!parsed.ok}
          aria-describedby={`${id}-parsed`}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
        />
        <p id={`${id}-parsed`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          <ParsedNote parsed={parsed} />
        </p>
      </div>
    </div>
  );
}

function ParsedNote({ parsed }: { parsed: ParsedTry }) {
  if (!parsed.ok) return <span className="text-red-700 dark:text-red-400">{parsed.error}</span>;
  return <>Runs: {describeTry(parsed.request)}</>;
}
