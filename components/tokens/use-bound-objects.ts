'use client';

import { useEffect, useState } from 'react';
import type { BoundKind, BoundObjectCandidate, } from '@/lib/contracts/bound-objects';
import { AppError } from '@/lib/contracts/errors';
import { followsRule, namespaceRule } from '@/lib/k8s/names';
import { describeError } from '@/lib/client/tokens';
import { tokenApi } from '@/lib/client/tokens';

export type BoundObjects =
  | { status: 'idle' }
  | { status: 'needs-namespace' }
  | { status: 'loading' }
  | { status: 'ready'; items: BoundObjectCandidate[]; truncated: boolean }
  | { status: 'error'; detail: string; httpStatus?: number; hints: string[] };

/** Typing a namespace should not fire one list call per keystroke. */
const DEBOUNCE_MS = 250;

/**
 * The objects of `kind` a token may be bound to: Pods or Secrets of `namespace`, or the cluster's
 * Nodes, listed by the server as the caller. `reloadKey` changing lists again.
 */
export function useBoundObjects(kind: BoundKind | '', namespace: string, reloadKey: number): BoundObjects {
  const [state, setState] = useState<BoundObjects>({ status: 'idle' });
  // Nodes are cluster-scoped: a namespace change must not list them again.
  const scope = kind === 'Node' ? 'default' : namespace.trim();
  const validScope = followsRule(scope, namespaceRule);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey is the trigger to list again.
  useEffect(() => {
    if (!kind) {
      setState({ status: 'idle' });
      return;
    }
    if (!validScope) {
      setState({ status: 'needs-namespace' });
      return;
    }
    setState({ status: 'loading' });
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const list = await tokenApi.boundObjects(scope, kind, controller.signal);
        setState({ status: 'ready', items: list.items, truncated: list.truncated });
      } catch (err) {
        if (controller.signal.aborted) return;
        const failure = describeError(err);
        setState({
          status: 'error',
          detail: failure.detail,
          httpStatus: failure.status,
          hints: err instanceof AppError ? err.hints : [],
        });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [kind, scope, validScope, reloadKey]);

  return state;
}
