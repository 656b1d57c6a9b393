import {
  DEFAULT_EXPIRATION_SECONDS,
  EXTENDED_REQUEST_SECONDS,
  KUBELET_MAX_TTL_SECONDS,
  kubeletRefreshTailSeconds,
  LEEWAY_SECONDS,
} from '@/lib/k8s/token-lifetime';

// A token's life phases, built on the upstream facts of lib/k8s/token-lifetime.ts. All instants are
// epoch milliseconds and `now` is always a parameter, so a single shared ticker can drive every card
// and tests never touch the clock.

/** Fraction of the TTL at its end shown as 'expiring' (a Tokenscope choice, not an upstream rule). */
export const EXPIRING_FRACTION = 0.1;

// valid → refresh-due (past the kubelet's refresh point) → stale (extended tokens only, past
// warnafter) → expiring (inside the last EXPIRING_FRACTION of the TTL or the last LEEWAY_SECONDS,
// whichever is longer) → leeway (past exp, still accepted) → rejected (past exp + LEEWAY_SECONDS).
// Phases whose windows overlap are skipped, never revisited.
/** Life phases in the only order a token passes through them. */
export const TOKEN_PHASES = ['valid', 'refresh-due', 'stale', 'expiring', 'leeway', 'rejected'] as const;
/** Where a token is in its life at a given instant. */
export type TokenPhase = (typeof TOKEN_PHASES)[number];

/**
 * A token's lifetime in epoch ms (JWT `iat`, `exp`, `kubernetes.io.warnafter` × 1000); legacy tokens
 * have no `exp` and so no phase.
 */
export interface TokenTimes {
  issuedAt: number;
  expiresAt: number;
  warnAfter?: number;
}

/** Phase boundaries of one token, computed once and reused on every tick. */
export interface PhaseTimeline {
  issuedAt: number;
  expiresAt: number;
  refreshAt: number;
  staleAt: number | null;
  expiringAt: number;
  leewayEndsAt: number;
  /** Start instant of each phase, indexed like TOKEN_PHASES; a phase applies strictly after its start. */
  starts: readonly number[];
}

/** The phase of a token at `now` plus what a countdown card needs to draw it. */
export interface PhaseState {
  phase: TokenPhase;
  remainingMs: number;
  fractionElapsed: number;
  refreshAt: number;
  leewayEndsAt: number;
  nextChangeAt: number | null;
}

/**
 * When the kubelet would refresh a projected token, ignoring its random 0–10 s early jitter: after
 * 24 h of age, or once less than 20% of `expirationSeconds` is left (requiresRefresh in
 * pkg/kubelet/token/token_manager.go, which compares with `now.After`, i.e. strictly after this).
 */
export function kubeletRefreshAt(issuedAtMs: number, expirationSeconds: number, expiresAtMs: number): number {
  // Upstream derives iat as status.expirationTimestamp − expirationSeconds, which is the issue time.
  const byAge = issuedAtMs + KUBELET_MAX_TTL_SECONDS * 1000;
  return Math.min(byAge, expiresAtMs - kubeletRefreshTailSeconds(expirationSeconds) * 1000);
}

/**
 * Precomputes a token's phase boundaries; every comparison is "strictly after", matching go-jose's
 * `Time.After(exp)` checks and the `nowTime.After(warnafter)` stale check in pkg/serviceaccount/claims.go.
 */
export function phaseTimeline({ issuedAt, expiresAt, warnAfter }: TokenTimes): PhaseTimeline {
  // For an extended token the kubelet sees status.expirationTimestamp (= warnafter) and the requested
  // 3607 s, so its refresh point comes from warnafter, not from the year-long JWT exp.
  const softEnd = warnAfter ?? expiresAt;
  const refreshAt = kubeletRefreshAt(issuedAt, Math.round((softEnd - issuedAt) / 1000), softEnd);
  const staleAt = warnAfter !== undefined && warnAfter < expiresAt ? warnAfter : null;
  const expiringAt = expiresAt - Math.max(EXPIRING_FRACTION * (expiresAt - issuedAt), LEEWAY_SECONDS * 1000);
  const leewayEndsAt = expiresAt + LEEWAY_SECONDS * 1000;
  const starts = [
    Number.NEGATIVE_INFINITY,
    refreshAt,
    staleAt ?? Number.POSITIVE_INFINITY,
    expiringAt,
    expiresAt,
    leewayEndsAt,
  ];
  return { issuedAt, expiresAt, refreshAt, staleAt, expiringAt, leewayEndsAt, starts };
}

/**
 * The phase at `now`: the latest phase whose start has passed, so phases never go backwards even when
 * boundaries overlap (e.g. a short TTL whose 'expiring' window begins before the refresh point).
 */
export function phaseAt(timeline: PhaseTimeline, now: number): PhaseState {
  const { starts, issuedAt, expiresAt } = timeline;
  let rank = 0;
  for (let i = starts.length - 1; i > 0; i--) {
    if (now > (starts[i] ?? Number.POSITIVE_INFINITY)) {
      rank = i;
      break;
    }
  }
  // Every later phase's start is >= now (else it would have won above); the earliest one is next.
  let next = Number.POSITIVE_INFINITY;
  for (let i = rank + 1; i < starts.length; i++) next = Math.min(next, starts[i] ?? next);
  const ttl = expiresAt - issuedAt;
  const fraction = ttl > 0 ? (now - issuedAt) / ttl : now >= expiresAt ? 1 : 0;
  return {
    phase: TOKEN_PHASES[rank] ?? 'valid',
    remainingMs: expiresAt - now,
    fractionElapsed: Math.min(1, Math.max(0, fraction)),
    refreshAt: timeline.refreshAt,
    leewayEndsAt: timeline.leewayEndsAt,
    nextChangeAt: Number.isFinite(next) ? next : null,
  };
}

/**
 * The phase of a token at `now` in constant time; a ticker may instead memoize phaseTimeline per token
 * and call phaseAt, and may skip a card until `now` passes its `nextChangeAt` (the phase holds until then).
 */
export function tokenPhase(times: TokenTimes, now: number): PhaseState {
  return phaseAt(phaseTimeline(times), now);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Countdown text: 'mm:ss' under 1 h, 'h:mm:ss' under 24 h, 'Nd hh:mm:ss' beyond; seconds round up so
 * '00:00' appears exactly at expiry, and past expiry the elapsed time gets a leading '−' (U+2212).
 */
export function formatRemaining(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--';
  const signed = Math.ceil(ms / 1000);
  const sign = signed < 0 ? '−' : '';
  const total = Math.abs(signed);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const clock = `${pad2(Math.floor((total % 3600) / 60))}:${pad2(total % 60)}`;
  if (days > 0) return `${sign}${days}d ${pad2(hours)}:${clock}`;
  if (hours > 0) return `${sign}${hours}:${clock}`;
  return `${sign}${clock}`;
}

/** How a granted lifetime compares with the request; pass the JWT's `exp − iat` as `grantedSeconds`. */
export function describeGranted(
  requestedSeconds: number | undefined,
  grantedSeconds: number,
): { clamped: boolean; extended: boolean; text: string } {
  const requested = requestedSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  // The server shortens to --service-account-max-token-expiration before it considers extension
  // (TokenREST.Create in pkg/registry/core/serviceaccount/storage/token.go), so the two exclude each other.
  const clamped = grantedSeconds < requested;
  const extended = requested === EXTENDED_REQUEST_SECONDS && grantedSeconds > requested;
  const asked =
    requestedSeconds === undefined
      ? `requested nothing (defaults to ${requested} s)`
      : `requested ${requested} s`;
  let note = '';
  if (clamped) note = ' (shortened by the API server’s maximum)';
  else if (extended) {
    note = ` (extended by the API server: it keeps working, but is reported as stale after ${requested} s)`;
  }
  return { clamped, extended, text: `${asked}, granted ${grantedSeconds} s${note}` };
}
