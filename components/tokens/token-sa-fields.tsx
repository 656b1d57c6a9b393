'use client';

import { useEffect, useId, useState } from 'react';
import type { ServiceAccountSummary } from '@/lib/contracts/serviceaccounts';
import { FieldError } from '@/components/ui/field-error';
import { inputClass } from '@/components/ui/form-styles';
import { nameProblem } from '@/components/ui/name-check';
import { describeError, } from '@/lib/client/tokens';
import { serviceAccountApi } from '@/lib/client/serviceaccounts';

/**
 * Namespace and ServiceAccount inputs with suggestions from /api/serviceaccounts. They stay plain text
 * inputs, so the form works when the list cannot be loaded (or the ServiceAccount is not listed).
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
  const [items, setItems] = useState<ServiceAccountSummary[]>([]);
  const [namespaces, setNamespaces] = useState<string[]>([]);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    serviceAccountApi
      .list({ limit: 200 }, controller.signal)
      .then((page) => setNamespaces([...new Set(page.items.map((sa) => sa.namespace))].sort()))
      // Suggestions only: the per-namespace call below is the one that reports failures.
      .catch(() => {});
    return () => controller.abort();
  }, []);

  useEffect(() => {
    // A namespace that cannot exist is already explained at its field: no list call, no second message.
    if (nameProblem('namespace', 'namespace', namespace.trim()) !== null) {
      setItems([]);
      setNote(null);
      return;
    }
    const controller = new AbortController();
    // Debounced so typing a namespace does not fire one list call per keystroke.
    const timer = setTimeout(async () => {
      try {
        const page = await serviceAccountApi.list({ namespace: namespace.trim(), limit: 200 }, controller.signal);
        setItems(page.items);
        setNote(null);
      } catch (err) {
        if (controller.signal.aborted) return;
        setItems([]);
        setNote(`ServiceAccount suggestions unavailable (${describeError(err).detail}); type the name.`);
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [namespace]);

  const names = items.filter((sa) => sa.namespace === namespace.trim());
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
          required
          autoComplete="off"
          spellCheck={false}
        />
        <datalist id={`${id}-ns-list`}>
          {namespaces.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
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
          required
          autoComplete="off"
          spellCheck={false}
          aria-describedby={
            [errors.serviceAccount && `${id}-sa-error`, note && `${id}-sa-note`].filter(Boolean).join(' ') ||
            undefined
          }
        />
        <datalist id={`${id}-sa-list`}>
          {names.map((sa) => (
            <option key={sa.uid} value={sa.name}>
              {sa.canMintTokens ? `${sa.name} (can mint tokens)` : sa.name}
            </option>
          ))}
        </datalist>
        <FieldError id={`${id}-sa-error`} field="serviceAccount" message={errors.serviceAccount} />
        {note && (
          <p id={`${id}-sa-note`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            {note}
          </p>
        )}
      </div>
    </>
  );
}
