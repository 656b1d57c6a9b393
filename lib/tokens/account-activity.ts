/**
 * Which ServiceAccounts called the API server, from its audit log: the join behind "every account
 * with automountServiceAccountToken on whose pods never call the API". Pure: the server streams the
 * log (lib/server/audit/stale.ts) and feeds lines here one at a time.
 *
 * kube-apiserver writes each event with encoding/json from audit.k8s.io/v1 Event, so fields come in
 * the struct's order: `"stage":…` early, `"user":{"username":…` opens the requester, its `extra`
 * ends before `"sourceIPs"`, and `"stageTimestamp"` comes near the end. Reading the few fields
 * needed with indexOf (not JSON.parse, not regular expressions over the whole line) keeps a full
 * scan of a 100 MB log cheap; a line that does not look like that is skipped, never guessed at.
 */
import { parseServiceAccountUsername } from '@/lib/k8s/serviceaccount-identity';
import { POD_NAME_EXTRA } from './stale-tokens';

/** One request a ServiceAccount made. */
export interface AccountCall {
  namespace: string;
  serviceAccount: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** The pod its token is bound to (a token kubelet mounted, or any pod-bound token). */
  pod?: string;
}

const USER_KEY = '"user":{"username":"';
const TIME_KEY = '"stageTimestamp":"';
const POD_KEY = `"${POD_NAME_EXTRA}":["`;

/** The JSON string value starting at `from` (no escapes in the values read here), or undefined. */
function valueAt(line: string, from: number): string | undefined {
  const end = line.indexOf('"', from);
  if (end < 0) return undefined;
  const v = line.slice(from, end);
  return v.includes('\\') ? undefined : v;
}

// A log holds few distinct usernames and many lines: parse (and validate) each name once.
const parsedNames = new Map<string, { namespace: string; name: string } | undefined>();
function accountOf(username: string): { namespace: string; name: string } | undefined {
  if (parsedNames.has(username)) return parsedNames.get(username);
  const who = parseServiceAccountUsername(username);
  if (parsedNames.size >= 10_000) parsedNames.clear();
  parsedNames.set(username, who);
  return who;
}

/** The time of any audit event line (its stageTimestamp), or undefined. */
export function eventTimeOf(line: string): number | undefined {
  // stageTimestamp is near the end of the line: search from there.
  const at = line.lastIndexOf(TIME_KEY);
  const value = at < 0 ? undefined : valueAt(line, at + TIME_KEY.length);
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** The ServiceAccount request in one audit log line (ResponseComplete only), or undefined. */
export function accountCallOf(line: string): AccountCall | undefined {
  const u = line.indexOf(USER_KEY);
  if (u < 0) return undefined;
  const username = valueAt(line, u + USER_KEY.length);
  const who = username ? accountOf(username) : undefined;
  if (!who || !line.startsWith('"stage":"ResponseComplete"', line.indexOf('"stage":'))) return undefined;
  const at = eventTimeOf(line);
  if (at === undefined) return undefined;
  // Only the requester's own extra: it ends before sourceIPs, or before an impersonatedUser's.
  const ips = line.indexOf('"sourceIPs"', u);
  const requester = line.slice(u, ips < 0 ? line.length : ips);
  const imp = requester.indexOf('"impersonatedUser"');
  const own = imp < 0 ? requester : requester.slice(0, imp);
  const p = own.indexOf(POD_KEY);
  const pod = p >= 0 ? valueAt(own, p + POD_KEY.length) : undefined;
  return pod
    ? { namespace: who.namespace, serviceAccount: who.name, at, pod }
    : { namespace: who.namespace, serviceAccount: who.name, at };
}

/** What one ServiceAccount did in the window. */
export interface AccountActivity {
  namespace: string;
  serviceAccount: string;
  count: number;
  lastSeen: string;
  /** Requests made with a pod-bound token, and the latest one's pod and time. */
  podCount: number;
  lastPod?: string;
  lastPodSeen?: string;
}

/** At most this many accounts are kept; memory stays bounded whatever the log holds. */
export const MAX_ACTIVE_ACCOUNTS = 20_000;

/** Counts requests per ServiceAccount in a window; feed it one call at a time. */
export class AccountActivityAggregator {
  private readonly accounts = new Map<string, AccountActivity>();
  truncated = false;

  constructor(
    private readonly from = Number.NEGATIVE_INFINITY,
    private readonly max = MAX_ACTIVE_ACCOUNTS,
  ) {}

  add(c: AccountCall): void {
    if (c.at < this.from) return;
    const key = `${c.namespace}/${c.serviceAccount}`;
    const seen = new Date(c.at).toISOString();
    let a = this.accounts.get(key);
    if (!a) {
      if (this.accounts.size >= this.max) {
        this.truncated = true;
        return;
      }
      a = { namespace: c.namespace, serviceAccount: c.serviceAccount, count: 0, lastSeen: seen, podCount: 0 };
      this.accounts.set(key, a);
    }
    a.count++;
    if (seen > a.lastSeen) a.lastSeen = seen;
    if (c.pod) {
      a.podCount++;
      if (!a.lastPodSeen || seen >= a.lastPodSeen) {
        a.lastPodSeen = seen;
        a.lastPod = c.pod;
      }
    }
  }

  result(): AccountActivity[] {
    return [...this.accounts.values()];
  }
}

/** Whether an automounted account's pods called the API in the audit log's window. */
export type AutomountUse =
  | { state: 'unknown'; reason: string }
  | { state: 'called'; count: number; lastSeen: string; lastPod: string }
  | { state: 'called-without-pod'; count: number; lastSeen: string; since: string }
  | { state: 'never'; since: string };

/** What the audit log says about one account; `since` is where the log's records begin. */
export function automountUse(
  account: { namespace: string; serviceAccount: string },
  log:
    | { configured: false; reason: string }
    | { configured: true; activity: AccountActivity[]; since?: string },
): AutomountUse {
  if (!log.configured) return { state: 'unknown', reason: log.reason };
  if (!log.since) return { state: 'unknown', reason: 'The audit log holds no event yet, so it cannot tell.' };
  const a = log.activity.find(
    (x) => x.namespace === account.namespace && x.serviceAccount === account.serviceAccount,
  );
  if (a?.lastPod && a.lastPodSeen) {
    return { state: 'called', count: a.podCount, lastSeen: a.lastPodSeen, lastPod: a.lastPod };
  }
  if (a) return { state: 'called-without-pod', count: a.count, lastSeen: a.lastSeen, since: log.since };
  return { state: 'never', since: log.since };
}
