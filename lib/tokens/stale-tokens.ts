/**
 * Apps that never reload their token, from the API server's audit log. A projected token the
 * kubelet requests for a pod (3607 s, the API server's own audience) is issued with a longer `exp`
 * and a `kubernetes.io.warnafter` claim at the requested expiry (--service-account-extend-token-expiration,
 * on by default); the kubelet refreshes the file well before that. A request made with such a token
 * after warnafter means the app kept the token it read once: the API server still accepts it, and
 * annotates the audit event
 *   authentication.k8s.io/stale-token: "subject: <username>, seconds after warning threshold: <N>"
 * (pkg/serviceaccount/claims.go, Validate; metric serviceaccount_stale_tokens_total). Pure: the
 * server streams the log (lib/server/audit/stale.ts) and feeds events here one at a time.
 */
import { parseServiceAccountUsername } from '@/lib/k8s/serviceaccount-identity';
import type { AccountActivity } from './account-activity';

export const STALE_TOKEN_ANNOTATION = 'authentication.k8s.io/stale-token';
/** user.extra keys the API server sets from a pod-bound token's claims (pkg/serviceaccount/claims.go). */
export const POD_NAME_EXTRA = 'authentication.kubernetes.io/pod-name';

/** One audit event made with a stale token. */
export interface StaleUse {
  namespace: string;
  serviceAccount: string;
  /** The pod the token is bound to, when it is. */
  pod?: string;
  /** Milliseconds since the epoch. */
  at: number;
  secondsStale: number;
  /** `list pods` — what the request was. */
  request: string;
  code: number;
  userAgent?: string;
}

/** The stale uses of one ServiceAccount from one pod (or from no pod). */
export interface StaleTokenUser {
  namespace: string;
  serviceAccount: string;
  pod?: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** How far past the refresh the token was at its latest use. */
  lastSecondsStale: number;
  maxSecondsStale: number;
  lastRequest: string;
  userAgent?: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/** The seconds in a stale-token annotation, or undefined when the text is not the API server's. */
export function secondsAfterWarning(annotation: string): number | undefined {
  const m = /seconds after warning threshold: (\d+)/.exec(annotation);
  return m ? Number(m[1]) : undefined;
}

function describeRequest(ref: Record<string, unknown>, verb: string, uri: string): string {
  const resource = str(ref.resource);
  if (!resource) return `${verb} ${uri.split('?')[0] || '/'}`;
  const sub = str(ref.subresource);
  const ns = str(ref.namespace);
  const name = str(ref.name);
  return `${verb} ${resource}${sub ? `/${sub}` : ''}${name ? ` ${name}` : ''}${ns ? ` in ${ns}` : ''}`;
}

/** An audit event (parsed JSON) made with a stale ServiceAccount token, or undefined for any other. */
export function staleUseOf(event: unknown): StaleUse | undefined {
  const e = record(event);
  if (e.kind !== 'Event' || e.stage !== 'ResponseComplete') return undefined;
  const annotation = str(record(e.annotations)[STALE_TOKEN_ANNOTATION]);
  if (!annotation) return undefined;
  const secondsStale = secondsAfterWarning(annotation);
  const user = record(e.user);
  const who = parseServiceAccountUsername(str(user.username));
  const at = Date.parse(str(e.stageTimestamp) || str(e.requestReceivedTimestamp));
  if (secondsStale === undefined || !who || Number.isNaN(at)) return undefined;
  const extra = record(user.extra);
  const podNames = Array.isArray(extra[POD_NAME_EXTRA]) ? (extra[POD_NAME_EXTRA] as unknown[]) : [];
  const pod = str(podNames[0]);
  const code = record(e.responseStatus).code;
  const use: StaleUse = {
    namespace: who.namespace,
    serviceAccount: who.name,
    at,
    secondsStale,
    request: describeRequest(record(e.objectRef), str(e.verb), str(e.requestURI)),
    code: typeof code === 'number' ? code : 0,
  };
  if (pod) use.pod = pod;
  if (str(e.userAgent)) use.userAgent = str(e.userAgent).slice(0, 200);
  return use;
}

/** At most this many (account, pod) pairs are kept; memory stays bounded whatever the log holds. */
export const MAX_STALE_USERS = 1_000;

/** Groups stale uses by ServiceAccount and pod, in a window; feed it one use at a time. */
export class StaleTokenAggregator {
  private readonly users = new Map<string, StaleTokenUser>();
  truncated = false;

  constructor(
    private readonly from = Number.NEGATIVE_INFINITY,
    private readonly max = MAX_STALE_USERS,
  ) {}

  add(u: StaleUse): void {
    if (u.at < this.from) return;
    const key = `${u.namespace}/${u.serviceAccount}/${u.pod ?? ''}`;
    const seen = new Date(u.at).toISOString();
    const known = this.users.get(key);
    if (!known) {
      if (this.users.size >= this.max) {
        this.truncated = true;
        return;
      }
      const entry: StaleTokenUser = {
        namespace: u.namespace,
        serviceAccount: u.serviceAccount,
        count: 1,
        firstSeen: seen,
        lastSeen: seen,
        lastSecondsStale: u.secondsStale,
        maxSecondsStale: u.secondsStale,
        lastRequest: u.request,
      };
      if (u.pod) entry.pod = u.pod;
      if (u.userAgent) entry.userAgent = u.userAgent;
      this.users.set(key, entry);
      return;
    }
    known.count++;
    known.maxSecondsStale = Math.max(known.maxSecondsStale, u.secondsStale);
    if (seen < known.firstSeen) known.firstSeen = seen;
    if (seen >= known.lastSeen) {
      known.lastSeen = seen;
      known.lastSecondsStale = u.secondsStale;
      known.lastRequest = u.request;
      if (u.userAgent) known.userAgent = u.userAgent;
    }
  }

  /** Most recently seen first. */
  result(): StaleTokenUser[] {
    return [...this.users.values()].sort(
      (a, b) =>
        b.lastSeen.localeCompare(a.lastSeen) ||
        `${a.namespace}/${a.serviceAccount}/${a.pod ?? ''}`.localeCompare(
          `${b.namespace}/${b.serviceAccount}/${b.pod ?? ''}`,
        ),
    );
  }
}

/** What the long-lived tokens page shows of the audit log. */
export type StaleTokenSection =
  | { configured: false; reason: string }
  | {
      configured: true;
      users: StaleTokenUser[];
      longMints: LongLivedMints[];
      /** ServiceAccounts that called the API server in the window (see account-activity.ts). */
      activity: AccountActivity[];
      /** The oldest event in the window; absent when the log holds none. */
      recordsSince?: string;
      /** Entries for ServiceAccounts the caller could not list, left out. */
      hidden: number;
      files: string[];
      truncated: boolean;
      since: string;
    };

/** "3 min", "2 h 5 min", "4 d 3 h": how far past the refresh a token was used. */
export function humanSeconds(s: number): string {
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** Tokens asked for with a lifetime above this are listed (a day: longer than any session needs). */
export const LONG_LIFETIME_SECONDS = 24 * 3600;

/** A TokenRequest recorded in the audit log (level Request: its body, never the token). */
export interface TokenMint {
  /** Who asked. */
  minter: string;
  namespace: string;
  serviceAccount: string;
  at: number;
  /** spec.expirationSeconds as asked (the API server may shorten it to its maximum). */
  expirationSeconds: number;
  audiences: string[];
  boundKind?: string;
  code: number;
}

/** A TokenRequest audit event (create serviceaccounts/token, with its request body), or undefined. */
export function tokenMintOf(event: unknown): TokenMint | undefined {
  const e = record(event);
  if (e.kind !== 'Event' || e.stage !== 'ResponseComplete' || e.verb !== 'create') return undefined;
  const ref = record(e.objectRef);
  if (ref.resource !== 'serviceaccounts' || ref.subresource !== 'token') return undefined;
  const spec = record(record(e.requestObject).spec);
  const seconds = spec.expirationSeconds;
  const at = Date.parse(str(e.stageTimestamp) || str(e.requestReceivedTimestamp));
  const minter = str(record(e.user).username);
  if (typeof seconds !== 'number' || !minter || Number.isNaN(at)) return undefined;
  const code = record(e.responseStatus).code;
  const mint: TokenMint = {
    minter,
    namespace: str(ref.namespace),
    serviceAccount: str(ref.name),
    at,
    expirationSeconds: seconds,
    audiences: Array.isArray(spec.audiences)
      ? spec.audiences.filter((a): a is string => typeof a === 'string')
      : [],
    code: typeof code === 'number' ? code : 0,
  };
  const bound = str(record(spec.boundObjectRef).kind);
  if (bound) mint.boundKind = bound;
  return mint;
}

/** Long-lived TokenRequests, by who asked and for which account. */
export interface LongLivedMints {
  minter: string;
  namespace: string;
  serviceAccount: string;
  count: number;
  lastSeen: string;
  /** The longest lifetime asked for, and the latest one. */
  maxSeconds: number;
  lastSeconds: number;
  audiences: string[];
  /** At least one was bound to no object (valid until it expires, whatever is deleted). */
  unbound: boolean;
}

/** Groups the successful TokenRequests above a lifetime; feed it one mint at a time. */
export class LongLivedMintAggregator {
  private readonly mints = new Map<string, LongLivedMints>();
  truncated = false;

  constructor(
    private readonly from = Number.NEGATIVE_INFINITY,
    private readonly threshold = LONG_LIFETIME_SECONDS,
    private readonly max = MAX_STALE_USERS,
  ) {}

  add(m: TokenMint): void {
    if (m.at < this.from || m.expirationSeconds <= this.threshold || m.code < 200 || m.code >= 300) return;
    const key = `${m.minter}\u0000${m.namespace}/${m.serviceAccount}`;
    const seen = new Date(m.at).toISOString();
    const known = this.mints.get(key);
    if (!known) {
      if (this.mints.size >= this.max) {
        this.truncated = true;
        return;
      }
      this.mints.set(key, {
        minter: m.minter,
        namespace: m.namespace,
        serviceAccount: m.serviceAccount,
        count: 1,
        lastSeen: seen,
        maxSeconds: m.expirationSeconds,
        lastSeconds: m.expirationSeconds,
        audiences: [...m.audiences],
        unbound: !m.boundKind,
      });
      return;
    }
    known.count++;
    known.maxSeconds = Math.max(known.maxSeconds, m.expirationSeconds);
    known.unbound ||= !m.boundKind;
    for (const a of m.audiences) if (!known.audiences.includes(a)) known.audiences.push(a);
    if (seen >= known.lastSeen) {
      known.lastSeen = seen;
      known.lastSeconds = m.expirationSeconds;
    }
  }

  /** Longest lifetimes first. */
  result(): LongLivedMints[] {
    return [...this.mints.values()].sort(
      (a, b) => b.maxSeconds - a.maxSeconds || b.lastSeen.localeCompare(a.lastSeen),
    );
  }
}
