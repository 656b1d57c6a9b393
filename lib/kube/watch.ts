import 'server-only';
import { type KubeConfig, type KubernetesObject, Watch } from '@kubernetes/client-node';
import type { LiveKind } from '@/lib/contracts/live';
import { apiPath, resourceFact } from '@/lib/k8s/api-paths';
import { RBAC_GROUP, type ResourceFact } from '@/lib/k8s/resources';
import type { KubeClients } from './clients';
import { rawGet } from './raw';

/** Each watched kind as the API (and RBAC) names it. Token Secrets are Secrets of one type. */
export const liveKindResources: Record<LiveKind, ResourceFact & { query?: Record<string, string> }> = {
  serviceaccounts: resourceFact('', 'serviceaccounts'),
  roles: resourceFact(RBAC_GROUP, 'roles'),
  clusterroles: resourceFact(RBAC_GROUP, 'clusterroles'),
  rolebindings: resourceFact(RBAC_GROUP, 'rolebindings'),
  clusterrolebindings: resourceFact(RBAC_GROUP, 'clusterrolebindings'),
  pods: resourceFact('', 'pods'),
  tokensecrets: {
    ...resourceFact('', 'secrets'),
    query: { fieldSelector: 'type=kubernetes.io/service-account-token' },
  },
};

/** The collection path of a watched kind (cluster-wide, or in one namespace), and its fixed query. */
function pathOf(kind: LiveKind, namespace?: string): { path: string; query?: Record<string, string> } {
  const { group, resource, query } = liveKindResources[kind];
  return { path: apiPath({ group, resource, namespace: namespace && encodeURIComponent(namespace) }), query };
}

/** What a watcher reports: object identities and versions only. */
export interface Seen {
  namespace?: string;
  name: string;
  resourceVersion: string;
}

export interface WatchHandlers {
  /** A change, after deduplication by resourceVersion; `object` is absent for a relist's deletions. */
  change: (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: Seen, object?: KubernetesObject) => void;
  /** The watch failed (the API server is unreachable or refused); it retries by itself. */
  failure: (err: Error) => void;
  /** Whether what the watcher reports is current: true after a list, false after a failure or stop. */
  current?: (current: boolean) => void;
  /** Every object of a completed list (first list or relist), for consumers that mirror the objects. */
  listed?: (objects: KubernetesObject[]) => void;
  /**
   * What a list keeps of each object until it completes (for `listed`, and the `object` of the
   * changes a relist reports): a list holds every object of the kind at once, so a consumer that
   * reads a few fields keeps those and lets the rest (managedFields, annotations) go page by page.
   */
  keep?: (object: KubernetesObject) => KubernetesObject;
}

const MAX_BACKOFF_MS = 30_000;
const LIST_PAGE = 500;
/**
 * A watch silent this long is restarted from its resourceVersion, in case the connection died
 * without a word. Silence alone is no failure: the API server need not send bookmarks for a kind
 * nobody changes (roles and clusterroles often go minutes without an event), so the kind stays current
 * through the restart unless the new watch itself fails.
 */
const SILENCE_MS = 90_000;

function key(o: Seen): string {
  return `${o.namespace ?? ''}/${o.name}`;
}

/** The Seen of a key and version (a name never holds a '/', so the first one ends the namespace). */
function seenOf(k: string, resourceVersion: string): Seen {
  const slash = k.indexOf('/');
  const namespace = k.slice(0, slash);
  return { ...(namespace ? { namespace } : {}), name: k.slice(slash + 1), resourceVersion };
}

export interface RelistChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  seen: Seen;
}

/**
 * What a relist reports against what was reported before (key → resourceVersion each): a deletion
 * for every key gone, then an addition or modification for every key new or at another version.
 */
export function relistChanges(
  known: ReadonlyMap<string, string>,
  fresh: ReadonlyMap<string, string>,
): RelistChange[] {
  const out: RelistChange[] = [];
  for (const [k, version] of known)
    if (!fresh.has(k)) out.push({ type: 'DELETED', key: k, seen: seenOf(k, version) });
  for (const [k, version] of fresh) {
    const before = known.get(k);
    if (before === undefined) out.push({ type: 'ADDED', key: k, seen: seenOf(k, version) });
    else if (before !== version) out.push({ type: 'MODIFIED', key: k, seen: seenOf(k, version) });
  }
  return out;
}

function seen(o: KubernetesObject): Seen {
  return {
    namespace: o.metadata?.namespace,
    name: o.metadata?.name ?? '',
    resourceVersion: o.metadata?.resourceVersion ?? '',
  };
}

/**
 * An informer for one kind: paginated list, then watch from its resourceVersion with bookmarks;
 * 410 Gone relists; any other failure retries with capped exponential backoff and jitter. A relist
 * is diffed against what was already reported, so no change is lost or reported twice.
 */
export class KindWatcher {
  /**
   * The resourceVersion of every object reported, by key: only the version is kept (170,000 objects
   * at 100k bindings), a change's Seen is made again from the key when it is needed.
   */
  private known = new Map<string, string>();
  private rv: string | undefined;
  private stopped = false;
  private abort: AbortController | undefined;
  private backoff = 500;
  private wake: (() => void) | undefined;
  /** The current watch was ended by the silence timer, not by a failure. */
  private silenced = false;

  constructor(
    private readonly kind: LiveKind,
    private readonly clients: KubeClients,
    private readonly handlers: WatchHandlers,
    /** Watch one namespace instead of the whole cluster. */
    private readonly namespace?: string,
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.handlers.current?.(false);
    this.abort?.abort();
    this.wake?.();
  }

  /** Retries at once (the API server is back). */
  retryNow(): void {
    this.backoff = 500;
    this.wake?.();
  }

  /**
   * Lists again from scratch and watches from there, whatever the current watch is doing: after an
   * outage the API server may have come back with another history (a wiped etcd) that a resumed
   * watch would not notice. The relist reports what changed meanwhile as events.
   */
  restart(): void {
    this.rv = undefined;
    this.backoff = 500;
    this.abort?.abort();
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.rv) await this.relist();
        await this.watchOnce();
        this.backoff = 500;
      } catch (err) {
        if (this.stopped) return;
        if (this.silenced) {
          // Quiet, not broken: resume from resourceVersion at once, still current.
          this.silenced = false;
          continue;
        }
        this.handlers.current?.(false);
        const status =
          (err as { statusCode?: number; code?: number }).statusCode ?? (err as { code?: number }).code;
        if (status === 410) {
          this.rv = undefined;
          continue;
        }
        this.handlers.failure(err instanceof Error ? err : new Error(String(err)));
        if (status === 401 || status === 403) {
          // Refusals are not retried in a loop: wait until the hub says the API server is back.
          await new Promise<void>((r) => {
            this.wake = r;
          });
          continue;
        }
        const jitter = Math.random() * this.backoff * 0.3;
        await new Promise<void>((r) => {
          const t = setTimeout(r, this.backoff + jitter);
          this.wake = () => {
            clearTimeout(t);
            r();
          };
        });
        this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async relist(): Promise<void> {
    const { path, query } = pathOf(this.kind, this.namespace);
    const fresh = new Map<string, string>();
    const objects = this.handlers.listed ? new Map<string, KubernetesObject>() : undefined;
    let cont: string | undefined;
    let rv = '';
    do {
      const params = new URLSearchParams({
        ...query,
        limit: String(LIST_PAGE),
        ...(cont ? { continue: cont } : {}),
      });
      const res = await rawGet(this.clients, `${path}?${params}`);
      if (res.status !== 200)
        throw Object.assign(new Error(`list ${this.kind}: HTTP ${res.status}`), { statusCode: res.status });
      const body = res.body as {
        items?: KubernetesObject[];
        metadata?: { continue?: string; resourceVersion?: string };
      };
      const keep = this.handlers.keep;
      for (const item of body.items ?? []) {
        const s = seen(item);
        const k = key(s);
        fresh.set(k, s.resourceVersion);
        objects?.set(k, keep ? keep(item) : item);
      }
      cont = body.metadata?.continue || undefined;
      rv = body.metadata?.resourceVersion ?? rv;
    } while (cont);
    const first = this.rv === undefined && this.known.size === 0;
    if (!first) {
      for (const c of relistChanges(this.known, fresh))
        this.handlers.change(c.type, c.seen, c.type === 'DELETED' ? undefined : objects?.get(c.key));
    }
    this.known = fresh;
    this.rv = rv;
    if (objects) this.handlers.listed?.([...objects.values()]);
    this.handlers.current?.(true);
  }

  private watchOnce(): Promise<void> {
    const { path, query } = pathOf(this.kind, this.namespace);
    return new Promise((resolve, reject) => {
      let silence: ReturnType<typeof setTimeout> | undefined;
      let established: AbortController | undefined;
      this.silenced = false;
      const quiet = () => {
        clearTimeout(silence);
        silence = setTimeout(() => {
          // Only an established watch counts as quiet; one still connecting is left to fail.
          if (!established) return;
          this.silenced = true;
          established.abort();
        }, SILENCE_MS);
      };
      quiet();
      // After a failure the watch resumes from resourceVersion: once the API server sends anything
      // but an ERROR (a 410 comes first if that version is gone), what we hold is current again.
      let resumed = false;
      const finish = (err: unknown) => {
        clearTimeout(silence);
        if (err) reject(err);
        else resolve();
      };
      new Watch(this.clients.kc as KubeConfig)
        .watch(
          path,
          { ...query, resourceVersion: this.rv, allowWatchBookmarks: true, timeoutSeconds: 300 },
          (type: string, obj: KubernetesObject & { code?: number }) => {
            quiet();
            if (type === 'ERROR') {
              finish(Object.assign(new Error('watch error'), { statusCode: obj.code }));
              return;
            }
            if (!resumed) {
              resumed = true;
              this.handlers.current?.(true);
            }
            const s = seen(obj);
            if (s.resourceVersion) this.rv = s.resourceVersion;
            if (type === 'BOOKMARK') return;
            if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
            const k = key(s);
            const before = this.known.get(k);
            if (type === 'DELETED') {
              if (before === undefined) return;
              this.known.delete(k);
            } else {
              if (before === s.resourceVersion) return;
              this.known.set(k, s.resourceVersion);
            }
            this.handlers.change(type === 'MODIFIED' && before === undefined ? 'ADDED' : type, s, obj);
          },
          (err: unknown) => finish(err),
        )
        .then((ctrl) => {
          this.abort = ctrl;
          established = ctrl;
          if (this.stopped) ctrl.abort();
        }, finish);
    });
  }
}

/** A cheap reachability probe of the API server (`/readyz`), bounded by the client timeout. */
export async function probeApiServer(clients: KubeClients): Promise<string | null> {
  try {
    const res = await rawGet(clients, '/readyz', 2500);
    return res.status === 200 ? null : `the API server answered ${res.status} to /readyz`;
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError')
      return `the API server at ${clients.server} did not answer within 2.5 s`;
    const code = (err as { code?: unknown }).code;
    return `cannot reach the API server at ${clients.server}${typeof code === 'string' ? ` (${code})` : ''}`;
  }
}
