import type { MintedToken } from '@/lib/contracts/tokens';
import { serviceAccountUsername } from '@/lib/k8s/serviceaccount-identity';

// Who a held token is and whether it can still be used: what the request form and the workbench
// need before any card shows (token-view.ts, the cards' display rules, re-exports these).

/** The ServiceAccount username the token proves: the `sub` claim, else built from namespace/name. */
export function subjectOf(t: MintedToken): string {
  const sub = t.claims.sub;
  return typeof sub === 'string' ? sub : serviceAccountUsername(t.namespace, t.serviceAccount);
}

/** A token's short, stable handle for buttons and columns: the SA name plus the id's last 4 characters. */
export function tokenHandle(t: MintedToken): string {
  return `${t.label || t.serviceAccount} ·${t.id.slice(-4)}`;
}

/** Whether the server can still use the token (to try requests, probe, reveal or mint with it). */
export function isUsable(t: MintedToken): boolean {
  return t.held && t.status !== 'forgotten' && t.status !== 'revoked';
}

/** The new list, reusing the previous object of every token that did not change, so memoized cards skip. */
export function keepUnchanged(prev: MintedToken[], next: MintedToken[]): MintedToken[] {
  const before = new Map(prev.map((t) => [t.id, t]));
  return next.map((t) => {
    const old = before.get(t.id);
    return old && JSON.stringify(old) === JSON.stringify(t) ? old : t;
  });
}
