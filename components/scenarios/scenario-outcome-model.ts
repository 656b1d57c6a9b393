import type { ObjectResult } from '@/lib/contracts/scenarios';
import type { MintedToken, TryRequest } from '@/lib/contracts/tokens';
import type { GrantAttributes } from '@/lib/rbac/suggest';
import { kubeletRefreshAt } from '@/lib/tokens/lifecycle';
import type { TimelineEvent, Verdict } from './scenario-model';

// What a step's outcome needs (its verdict, the timeline badge, the attributes "Why denied?" asks
// about, kubelet's rotation of a projected token): plain functions, tested without a DOM, loaded
// with the step runner rather than with the guided view (issue 17).

/** Whether an HTTP status matches the step's expectation. */
export function statusVerdict(status: number, expected: number): Verdict {
  return status === expected ? 'expected' : 'unexpected';
}

/** A try request as the authorizer saw it, for "Why denied?"; null when it is not namespaced. */
export function grantAttributesOfTry(r: TryRequest): GrantAttributes | null {
  if (!r.namespace) return null;
  const attrs: GrantAttributes = {
    verb: r.verb,
    group: r.group,
    resource: r.resource,
    namespace: r.namespace,
  };
  if (r.verb === 'get' && r.name) attrs.name = r.name;
  return attrs;
}

/** The request a refused TokenRequest made: create serviceaccounts/token for that ServiceAccount. */
export function grantAttributesOfMint(namespace: string, serviceAccount: string): GrantAttributes {
  return {
    verb: 'create',
    group: '',
    resource: 'serviceaccounts',
    subresource: 'token',
    namespace,
    name: serviceAccount,
  };
}

/**
 * Held tokens that a deletion invalidated: their bound object or their ServiceAccount is gone (the
 * API server then refuses them within seconds, long before exp).
 */
export function revokedBy(results: readonly ObjectResult[], held: readonly MintedToken[]): MintedToken[] {
  const deleted = results.filter((r) => r.outcome === 'deleted');
  return held.filter((t) =>
    deleted.some(
      (r) =>
        r.namespace === t.namespace &&
        ((r.kind === 'ServiceAccount' && r.name === t.serviceAccount) ||
          (t.boundObject !== null && r.kind === t.boundObject.kind && r.name === t.boundObject.name)),
    ),
  );
}

/**
 * When the simulated kubelet rewrites the file: at kubelet's refresh point (80 % of the TTL, or
 * 24 h), measured from when this browser received the version, so a skewed clock never makes it
 * rotate in a loop.
 */
export function rotationDueAt(token: MintedToken, receivedAt: number): number {
  const iat = Date.parse(token.issuedAt);
  const exp = Date.parse(token.jwtExpiresAt);
  const ttl = token.grantedExpirationSeconds || Math.round((exp - iat) / 1000);
  return receivedAt + (kubeletRefreshAt(iat, ttl, exp) - iat);
}

/** kubelet's refresh point of a token by its own iat and exp (80 % of the TTL, or 24 h). */
export function refreshPointOf(token: MintedToken): number {
  const iat = Date.parse(token.issuedAt);
  const exp = Date.parse(token.jwtExpiresAt);
  return kubeletRefreshAt(iat, token.grantedExpirationSeconds || Math.round((exp - iat) / 1000), exp);
}

/** The timeline badge and tone for an HTTP answer. */
export function statusEvent(status: number): Pick<TimelineEvent, 'kind' | 'badge'> {
  if (status >= 200 && status < 300) return { kind: 'ok', badge: String(status) };
  if (status === 401) return { kind: 'unauthorized', badge: '401' };
  if (status === 403) return { kind: 'denied', badge: '403' };
  return { kind: 'error', badge: String(status) };
}
