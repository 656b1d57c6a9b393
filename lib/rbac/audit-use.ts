// Pure aggregation of kube-apiserver audit events (audit.k8s.io/v1 Event, one JSON object a line)
// into the distinct requests one ServiceAccount made. Request and response bodies are never read.
import type { UsedRequest } from '@/lib/contracts/least-privilege';
import { serviceAccountUsername } from '@/lib/k8s/serviceaccount-identity';

export { serviceAccountUsername };

/** The fields of an audit event this module reads; everything else (bodies included) is ignored. */
export interface AuditRecord {
  username: string;
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string | null;
  name: string | null;
  path: string | null;
  code: number;
  /** Milliseconds since the epoch (stageTimestamp, else requestReceivedTimestamp). */
  at: number;
  /** authorization.k8s.io/decision: 'allow' | 'forbid' | undefined. */
  decision: string | undefined;
  stage: string;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * Reads one parsed audit event. Returns undefined for anything that is not a completed
 * audit.k8s.io Event (RequestReceived/ResponseStarted stages are skipped: one event per request).
 */
export function toAuditRecord(event: unknown): AuditRecord | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as Record<string, unknown>;
  if (e.kind !== 'Event' || !str(e.apiVersion).startsWith('audit.k8s.io/')) return undefined;
  const stage = str(e.stage);
  if (stage !== 'ResponseComplete' && stage !== 'Panic') return undefined;
  const user = (e.user ?? {}) as Record<string, unknown>;
  const ref = (typeof e.objectRef === 'object' && e.objectRef !== null ? e.objectRef : undefined) as
    | Record<string, unknown>
    | undefined;
  const status = (e.responseStatus ?? {}) as Record<string, unknown>;
  const annotations = (e.annotations ?? {}) as Record<string, unknown>;
  const at = Date.parse(str(e.stageTimestamp) || str(e.requestReceivedTimestamp));
  const username = str(user.username);
  const verb = str(e.verb);
  if (!username || !verb || Number.isNaN(at)) return undefined;
  const uri = str(e.requestURI);
  const code = typeof status.code === 'number' ? status.code : stage === 'Panic' ? 500 : 0;
  const decision =
    typeof annotations['authorization.k8s.io/decision'] === 'string'
      ? String(annotations['authorization.k8s.io/decision'])
      : undefined;
  if (!ref || !str(ref.resource)) {
    return {
      username,
      verb,
      group: '',
      version: '',
      resource: '',
      subresource: '',
      namespace: null,
      name: null,
      path: uri.split('?')[0] || '/',
      code,
      at,
      decision,
      stage,
    };
  }
  return {
    username,
    verb,
    group: str(ref.apiGroup),
    version: str(ref.apiVersion),
    resource: str(ref.resource),
    subresource: str(ref.subresource),
    namespace: str(ref.namespace) || null,
    name: str(ref.name) || null,
    path: null,
    code,
    at,
    decision,
    stage,
  };
}

/** Identity of a distinct request: verb, group, resource, subresource, namespace, name (or path). */
export function requestKey(
  r: Pick<AuditRecord, 'verb' | 'group' | 'resource' | 'subresource' | 'namespace' | 'name' | 'path'>,
): string {
  return [r.verb, r.group, r.resource, r.subresource, r.namespace ?? '', r.name ?? '', r.path ?? ''].join(
    '\u0000',
  );
}

/** Was this request refused by the authorizer (not merely failed)? */
export function wasDenied(r: Pick<AuditRecord, 'decision' | 'code'>): boolean {
  if (r.decision === 'forbid') return true;
  if (r.decision === 'allow') return false;
  return r.code === 403;
}

/** Default bound on distinct requests kept per account: memory stays bounded whatever the log holds. */
export const MAX_DISTINCT_REQUESTS = 5_000;

interface Entry {
  request: UsedRequest;
  allowed: number;
  refused: number;
}

/**
 * Accumulates the distinct requests of one user within [from, to]. Feed it records one at a
 * time (streaming); memory is bounded by `max` distinct requests.
 */
export class UseAggregator {
  private readonly entries = new Map<string, Entry>();
  events = 0;
  truncated = false;

  constructor(
    private readonly username: string,
    private readonly from: number,
    private readonly to: number,
    private readonly max = MAX_DISTINCT_REQUESTS,
  ) {}

  add(r: AuditRecord): void {
    if (r.username !== this.username || r.at < this.from || r.at > this.to) return;
    this.events++;
    const key = requestKey(r);
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.max) {
        this.truncated = true;
        return;
      }
      entry = {
        request: {
          verb: r.verb,
          group: r.group,
          version: r.version,
          resource: r.resource,
          subresource: r.subresource,
          namespace: r.namespace,
          name: r.name,
          path: r.path,
          count: 0,
          lastSeen: new Date(r.at).toISOString(),
          codes: {},
          denied: false,
        },
        allowed: 0,
        refused: 0,
      };
      this.entries.set(key, entry);
    }
    const q = entry.request;
    q.count++;
    if (r.at > Date.parse(q.lastSeen)) q.lastSeen = new Date(r.at).toISOString();
    if (!q.version && r.version) q.version = r.version;
    const code = String(r.code);
    q.codes[code] = (q.codes[code] ?? 0) + 1;
    if (wasDenied(r)) entry.refused++;
    else entry.allowed++;
  }

  /** Allowed requests (the authorizer said yes at least once) and denied ones, most frequent first. */
  result(): { used: UsedRequest[]; denied: UsedRequest[] } {
    const used: UsedRequest[] = [];
    const denied: UsedRequest[] = [];
    for (const e of this.entries.values()) {
      const q = { ...e.request, codes: { ...e.request.codes }, denied: e.allowed === 0 };
      (q.denied ? denied : used).push(q);
    }
    const order = (a: UsedRequest, b: UsedRequest) =>
      b.count - a.count || requestKey(a).localeCompare(requestKey(b));
    return { used: used.sort(order), denied: denied.sort(order) };
  }
}

/** One line of an audit log → record, or undefined (not JSON, not an event). Never throws. */
export function parseAuditLine(line: string): AuditRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return toAuditRecord(JSON.parse(line));
  } catch {
    return undefined;
  }
}

/** A request as text: `list pods -n demo`, `get pods/log demo/p`, `get /version`. */
export function describeRequest(
  q: Pick<UsedRequest, 'verb' | 'group' | 'resource' | 'subresource' | 'namespace' | 'name' | 'path'>,
): string {
  if (q.path) return `${q.verb} ${q.path}`;
  const res = `${q.resource}${q.subresource ? `/${q.subresource}` : ''}${q.group ? `.${q.group}` : ''}`;
  const where = q.namespace ? ` in ${q.namespace}` : ' (cluster-wide)';
  return `${q.verb} ${res}${q.name ? ` ${q.name}` : ''}${where}`;
}
