import type { ScenarioStep } from '@/lib/contracts/scenario-steps';
import type { ObjectResult } from '@/lib/contracts/scenarios';
import type { MintedToken, TryRequest } from '@/lib/contracts/tokens';
import type { GrantAttributes } from '@/lib/rbac/suggest';
import { kubeletRefreshAt } from '@/lib/tokens/lifecycle';

// The guided view's rules, kept out of the components so they can be tested without a DOM.

/** How a step's last run compares with what the scenario expects. */
export type Verdict = 'expected' | 'unexpected' | 'waiting' | 'failed';

/** One entry of the presenter's timeline. */
export interface TimelineEvent {
  id: number;
  at: number;
  kind: 'minted' | 'ok' | 'denied' | 'unauthorized' | 'expired' | 'revoked' | 'changed' | 'error';
  /** The big word on the timeline: "minted", "200", "403", "401", "expired", "revoked"… */
  badge: string;
  text: string;
}

/** A 1-based step number from `?step=` or `#step-N`, as a 0-based index; null when absent or invalid. */
export function stepIndexFrom(value: string | null | undefined, count: number): number | null {
  const m = /^(?:#?step-)?(\d{1,3})$/.exec(value ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= count ? n - 1 : null;
}

/** The page URL for a step: `?step=N` set, any `#step-N` dropped, other parameters kept. */
export function stepUrl(href: string, index: number): string {
  const url = new URL(href);
  url.searchParams.set('step', String(index + 1));
  if (/^#step-\d+$/.test(url.hash)) url.hash = '';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** What a key press means for navigation, or null when it belongs to a field or has modifiers. */
export function navigationKey(e: {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  targetTag?: string;
  editable?: boolean;
}): 'next' | 'previous' | null {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.editable) return null;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(e.targetTag ?? '')) return null;
  // Presentation clickers send PageDown/PageUp; people use the arrows.
  if (e.key === 'ArrowRight' || e.key === 'PageDown') return 'next';
  if (e.key === 'ArrowLeft' || e.key === 'PageUp') return 'previous';
  return null;
}

/** The label of a step's action button. */
export function actionLabel(step: ScenarioStep): string {
  switch (step.do) {
    case 'apply':
      return `Apply ${step.manifest}`;
    case 'mint':
      return step.actAs ? `Mint as ${step.actAs}` : 'Mint token';
    case 'try':
      return `Send ${step.request.verb} ${step.request.resource} with ${step.token}`;
    case 'whoami':
      return `Who is ${step.token}?`;
    case 'delete':
      return `Delete ${step.kind} ${step.name}`;
    case 'wait-expiry':
      return `Watch ${step.token} expire`;
    case 'project':
      return 'Play kubelet: write the token file';
    case 'reread':
      return `Read the file again into ${step.token}`;
    case 'stale-check':
      return `Send ${step.request.verb} ${step.request.resource} with ${step.token}, then read the audit log`;
    case 'teardown':
      return 'Tear down';
  }
}

/** The tokens a step needs held before it can run. */
export function tokensNeeded(step: ScenarioStep): string[] {
  if (step.do === 'try' || step.do === 'whoami' || step.do === 'wait-expiry' || step.do === 'stale-check')
    return [step.token];
  if (step.do === 'mint' && step.actAs) return [step.actAs];
  return [];
}

/** The index of the step that mints `name` (or names the projected file's token), or -1. */
export function minterStep(steps: readonly ScenarioStep[], name: string): number {
  return steps.findIndex((s) => (s.do === 'mint' || s.do === 'project') && s.as === name);
}

/** The step that gives `name` a fresh token: re-reading the file where there is one, else its minter. */
export function renewStep(steps: readonly ScenarioStep[], name: string): number {
  const reread = steps.findIndex((s) => s.do === 'reread' && s.token === name);
  return reread >= 0 ? reread : minterStep(steps, name);
}

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
