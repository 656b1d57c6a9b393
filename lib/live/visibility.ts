import 'server-only';
import type { ChangeEvent } from '@/lib/contracts/live';
import type { KubeClients } from '@/lib/kube/clients';
import { selfSubjectAccessReview } from '@/lib/kube/reviews';
import { liveKindResources } from '@/lib/kube/watch';

/** A decision is reused this long: RBAC changes reach a user's stream within it. */
export const VISIBILITY_TTL_MS = 30_000;
const MAX_DECISIONS = 500;

/**
 * For shared mode: a per-stream filter that lets a change event through only when the signed-in user
 * may list that kind in that namespace (asked of the API server as the user, SelfSubjectAccessReview).
 * The watches run as the dashboard, so without this a user would learn names they may not see.
 * Any failure to decide denies.
 */
export function visibilityFilter(
  clients: KubeClients,
  now: () => number = Date.now,
): (e: ChangeEvent) => Promise<boolean> {
  const decisions = new Map<string, { allowed: Promise<boolean>; at: number }>();
  return (e) => {
    const r = liveKindResources[e.kind];
    const namespace = r.clusterScoped ? undefined : e.namespace;
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
      () => false,
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
