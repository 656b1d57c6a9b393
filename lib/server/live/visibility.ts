import 'server-only';
import type { UserInfo } from '@/lib/contracts/identity';
import type { ChangeEvent } from '@/lib/contracts/live';
import type { KubeClients } from '@/lib/kube/clients';
import { selfSubjectAccessReview } from '@/lib/kube/reviews';
import { liveKindResources } from '@/lib/kube/watch';

/** A decision is reused this long: RBAC changes reach a user's stream within it. */
export const VISIBILITY_TTL_MS = 30_000;
const MAX_DECISIONS = 500;
const MAX_USERS = 1000;

type Decisions = Map<string, { allowed: Promise<boolean>; at: number }>;

// Decisions are kept per user, not per stream: every stream (tab, session) of one user shares them,
// so one change costs one review per user, not one per open stream (500 streams once cost 500).
// On globalThis so every route bundle shares the same cache.
const g = globalThis as { __tokenscopeVisibility?: Map<string, Decisions> };
g.__tokenscopeVisibility ??= new Map();
const byUser = g.__tokenscopeVisibility;

/**
 * The key decisions are shared under: everything the API server authorizes a user by (name, uid,
 * groups, extra), so two sign-ins share answers only when they are the same principal.
 */
export function visibilityKey(user: UserInfo): string {
  const extra = Object.entries(user.extra ?? {})
    .map(([k, v]) => [k, [...v].sort()] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([user.username, user.uid ?? '', [...user.groups].sort(), extra]);
}

function decisionsOf(user: string): Decisions {
  let d = byUser.get(user);
  if (d) byUser.delete(user);
  else d = new Map();
  byUser.set(user, d);
  if (byUser.size > MAX_USERS) {
    const oldest = byUser.keys().next().value;
    if (oldest !== undefined) byUser.delete(oldest);
  }
  return d;
}

/**
 * For shared mode: a filter that lets a change event through only when the signed-in user (`user`,
 * from visibilityKey) may list that kind in that namespace (asked of the API server as the user with
 * `clients`, SelfSubjectAccessReview). The watches run as the dashboard, so without this a user
 * would learn names they may not see. Any failure to decide denies.
 */
export function visibilityFilter(
  clients: KubeClients,
  user: string,
  now: () => number = Date.now,
): (e: ChangeEvent) => Promise<boolean> {
  return (e) => {
    const decisions = decisionsOf(user);
    const r = liveKindResources[e.kind];
    const namespace = r.namespaced ? e.namespace : undefined;
    const key = `${e.kind}|${namespace ?? ''}`;
    const known = decisions.get(key);
    if (known && now() - known.at < VISIBILITY_TTL_MS) return known.allowed;
    const allowed = selfSubjectAccessReview(clients, {
      verb: 'list',
      group: r.group,
      resource: r.resource,
      namespace,
    }).then(
      (v) => v.allowed,
      () => {
        // A failure denies this change but is not remembered: another of the user's sessions (with
        // a token that still works) asks again.
        if (decisions.get(key)?.allowed === allowed) decisions.delete(key);
        return false;
      },
    );
    decisions.delete(key);
    decisions.set(key, { allowed, at: now() });
    if (decisions.size > MAX_DECISIONS) {
      const oldest = decisions.keys().next().value;
      if (oldest !== undefined) decisions.delete(oldest);
    }
    return allowed;
  };
}

/** Forgets every decision (tests). */
export function resetVisibility(): void {
  byUser.clear();
}
