'use client';

import { useEffect, useId, useState } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { inputClass } from '@/components/ui/form-styles';
import type { ServiceAccountSuggestions } from './token-sa-suggestions';

type Suggestions = typeof ServiceAccountSuggestions;

/**
 * Namespace and ServiceAccount inputs with suggestions from /api/serviceaccounts. They stay plain text
 * inputs, so the form works when the list cannot be loaded (or the ServiceAccount is not listed). The
 * suggestions (their lists and the calls that fill them) load when either field is first reached by
 * pointer or focus, not with the page: a datalist shows nothing before then.
 */
export function TokenServiceAccountFields({
  namespace,
  serviceAccount,
  errors = {},
  onChange,
}: {
  namespace: string;
  serviceAccount: string;
  /** What is wrong with each typed name, in words (checked by the form before sending). */
  errors?: { namespace?: string; serviceAccount?: string };
  onChange: (patch: { namespace?: string; serviceAccount?: string }) => void;
}) {
  const id = useId();
  const [note, setNote] = useState<string | null>(null);
  const [wanted, setWanted] = useState(false);
  const [Lists, setLists] = useState<Suggestions | null>(null);
  const want = () => setWanted(true);

  useEffect(() => {
    if (!wanted) return;
    import('./token-form-extras')
      // A component is a function: setLists is handed a function that returns it.
      .then((m) => setLists(() => m.ServiceAccountSuggestions))
      .catch(() => setNote('ServiceAccount suggestions could not be downloaded; type the name.'));
  }, [wanted]);

  return (
    <>
      <div>
        <label htmlFor={`${id}-ns`} className="mb-1 block text-sm font-medium">
          Namespace
        </label>
        <input
          id={`${id}-ns`}
          name="namespace"
          data-field="namespace"
          list={`${id}-ns-list`}
          aria-invalid={errors.namespace ? true : undefined}
          aria-describedby={errors.namespace ? `${id}-ns-error` : undefined}
          className={inputClass}
          value={namespace}
          onChange={(e) => onChange({ namespace: e.target.value })}
          onFocus={want}
          onPointerEnter={want}
          required
          autoComplete="off"
          spellCheck={false}
        />
        <FieldError id={`${id}-ns-error`} field="namespace" message={errors.namespace} />
      </div>
      <div>
        <label htmlFor={`${id}-sa`} className="mb-1 block text-sm font-medium">
          ServiceAccount
        </label>
        <input
          id={`${id}-sa`}
          name="serviceAccount"
          data-field="serviceAccount"
          list={`${id}-sa-list`}
          aria-invalid={errors.serviceAccount ? true : undefined}
          className={inputClass}
          value={serviceAccount}
          onChange={(e) => onChange({ serviceAccount: e.target.value })}
          onFocus={want}
          onPointerEnter={want}
          required
          autoComplete="off"
          spellCheck={false}
          aria-describedby={
            [errors.serviceAccount && `${id}-sa-error`, note && `${id}-sa-note`].filter(Boolean).join(' ') ||
            undefined
          }
        />
        <FieldError id={`${id}-sa-error`} field="serviceAccount" message={errors.serviceAccount} />
        {note && (
          <p id={`${id}-sa-note`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            {note}
          </p>
        )}
      </div>
      {Lists && <Lists id={id} namespace={namespace} onNote={setNote} />}
    </>
  );
}
