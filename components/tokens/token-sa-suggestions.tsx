'use client';

import { useEffect, useState } from 'react';
import type { ServiceAccountSummary } from '@/lib/contracts/serviceaccounts';
import { nameProblem } from '@/components/ui/name-check';
import { describeError } from '@/lib/client/errors';
import { serviceAccountApi } from '@/lib/client/serviceaccounts';

/**
 * The suggestions of the request form's namespace and ServiceAccount fields (the datalists their
 * `list` attributes name), from /api/serviceaccounts. Loaded when either field is first reached
 * (token-sa-fields.tsx); `onNote` says when the ServiceAccounts of a namespace cannot be listed.
 */
export function ServiceAccountSuggestions({
  id,
  namespace,
  onNote,
}: {
  /** The fields' id: the lists are `${id}-ns-list` and `${id}-sa-list`. */
  id: string;
  namespace: string;
  onNote: (note: string | null) => void;
}) {
  const [items, setItems] = useState<ServiceAccountSummary[]>([]);
  const [namespaces, setNamespaces] = useState<string[]>([]);

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
      onNote(null);
      return;
    }
    const controller = new AbortController();
    // Debounced so typing a namespace does not fire one list call per keystroke.
    const timer = setTimeout(async () => {
      try {
        const page = await serviceAccountApi.list(
          { namespace: namespace.trim(), limit: 200 },
          controller.signal,
        );
        setItems(page.items);
        onNote(null);
      } catch (err) {
        if (controller.signal.aborted) return;
        setItems([]);
        onNote(`ServiceAccount suggestions unavailable (${describeError(err).detail}); type the name.`);
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [namespace, onNote]);

  const names = items.filter((sa) => sa.namespace === namespace.trim());
  return (
    <>
      <datalist id={`${id}-ns-list`}>
        {namespaces.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <datalist id={`${id}-sa-list`}>
        {names.map((sa) => (
          <option key={sa.uid} value={sa.name}>
            {sa.canMintTokens ? `${sa.name} (can mint tokens)` : sa.name}
          </option>
        ))}
      </datalist>
    </>
  );
}
