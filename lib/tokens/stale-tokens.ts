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

/** One line of the audit log → a stale use, or undefined. Never throws. */
export function staleUseOfLine(line: string): StaleUse | undefined {
  // Most lines are not stale: skip the JSON parse for them.
  if (!line.startsWith('{') || !line.includes(STALE_TOKEN_ANNOTATION)) return undefined;
  try {
    return staleUseOf(JSON.parse(line));
  } catch {
    return undefined;
  }
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
