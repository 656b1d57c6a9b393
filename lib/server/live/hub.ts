import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import type { ChangeEvent, ClusterStatus, LiveKind } from '@/lib/contracts/live';
import type { KubeClients } from '@/lib/kube/clients';
import { contextClients, currentCluster } from '@/lib/kube/contexts';
import {
  forgetRbacLive,
  isRbacKind,
  rbacKindListed,
  rbacWatchEvent,
  setRbacKindLive,
} from '@/lib/kube/rbac-freshness';
import { type Watcher, watchKind } from '@/lib/kube/kind-watchers';
import {
  forgetServiceAccountsLive,
  serviceAccountsChanged,
  setServiceAccountsLive,
} from '@/lib/kube/serviceaccount-freshness';
import { slimRbacObject } from '@/lib/kube/rbac-map';
import { probeApiServer } from '@/lib/kube/watch';
import { log } from '@/lib/server/log/logger';

/**
 * `resync`: changes this listener should have seen may be missing (its page was rendered before the
 * kind was watched, or longer ago than the replay buffer reaches): the page should render again.
 */
export type LiveMessage =
  | { event: 'change'; data: ChangeEvent }
  | { event: 'status'; data: ClusterStatus }
  | { event: 'resync'; data: Record<string, never> };
type Listener = (m: LiveMessage) => void;

/** How often the API server is probed while anyone listens: an outage shows within this. */
const PROBE_MS = 2_000;
/** A kind nobody listens to is unwatched after this (a page reload should not restart watches). */
const LINGER_MS = 10_000;
/** How often warm() looks whether the watches it started are current. */
const WARM_POLL_MS = 20;
/** Recent changes kept for replay to a page that connects after it was rendered. */
const REPLAY_MAX = 1000;
/** Clusters followed at once (each: a watch per kind, a probe, a replay buffer, an RBAC index). */
export const MAX_HUBS = 8;

interface KindState {
  watcher: Watcher;
  listeners: Set<Listener>;
  /** Who the watch runs as (KubeClients.identity). */
  identity: string;
  /** The change counter when the watch first became current: from then on every change is recorded. */
  coveredSince?: number;
  linger?: ReturnType<typeof setTimeout>;
  /** Whether the watch is current now (listed and watching). */
  current?: boolean;
  /** The watch failed since it was last current. */
  failed?: boolean;
}

/**
 * One watch per kind per cluster, shared by every browser looking at that cluster; fan-out to
 * subscribers, a reachability probe that turns into the outage banner, and watches stopped when
 * nobody listens. Each kubeconfig context has its own hub (liveHub), run as that context's own
 * identity, so two clusters open at once never mix their changes, indexes or status.
 */
class Hub {
  /** Called once nothing listens or is watched any more (the registry may then drop the hub). */
  onIdle: (() => void) | undefined;

  constructor(readonly context: string) {}

  /** The clients the watches and the probe run as: this context's kubeconfig identity. */
  private clients(): KubeClients {
    return contextClients(this.context);
  }

  private kinds = new Map<LiveKind, KindState>();
  /** Everyone listening, for status messages (some listen to no kind at all). */
  private listeners = new Set<Listener>();
  private status: ClusterStatus = { state: 'up', since: new Date().toISOString() };
  private probe: ReturnType<typeof setInterval> | undefined;
  /** Change counter: every change event gets the next id. */
  private seq = 0;
  private recent: { id: number; kind: LiveKind; data: ChangeEvent }[] = [];
  /** The highest id that fell out of `recent`. */
  private dropped = 0;

  /** The id of the latest change; a page rendered now has seen everything up to it. */
  lastEventId(): number {
    return this.seq;
  }

  /**
   * Listens to changes of `kinds` and to the cluster's status. The watches are shared by every
   * listener, so they run as the dashboard's own identity (`asDashboard`, never a user's clients);
   * a listener filters what it passes on. With `after` (the last change id the caller has seen),
   * changes recorded since are replayed first; if some may be missing, the listener gets `resync`
   * instead (at once, or when a newly started watch has listed).
   */
  subscribe(asDashboard: KubeClients, kinds: LiveKind[], listener: Listener, after?: number): () => void {
    const clients = asDashboard;
    // A hub watches its own cluster only: clients of another context are a caller's mistake.
    if (clients.context !== this.context)
      throw new Error(`hub of ${this.context} subscribed with ${clients.context}`);
    for (const kind of kinds) {
      let state = this.kinds.get(kind);
      if (state && state.identity !== clients.identity) {
        // The dashboard's kubeconfig changed: stop watching as the old identity, keep the listeners.
        clearTimeout(state.linger);
        state.watcher.stop();
        this.kinds.delete(kind);
        state = this.watch(kind, clients, state.listeners);
      }
      state ??= this.watch(kind, clients, new Set());
      clearTimeout(state.linger);
      state.linger = undefined;
      state.listeners.add(listener);
    }
    this.listeners.add(listener);
    listener({ event: 'status', data: this.status });
    if (after !== undefined) this.catchUp(kinds, listener, after);
    this.ensureProbe();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.kinds.size === 0) this.idle();
      for (const kind of kinds) {
        const state = this.kinds.get(kind);
        if (!state) continue;
        state.listeners.delete(listener);
        if (state.listeners.size === 0) {
          state.linger = setTimeout(() => {
            state.watcher.stop();
            this.kinds.delete(kind);
            if (this.kinds.size === 0 && this.listeners.size === 0) this.idle();
          }, LINGER_MS);
          state.linger.unref?.();
        }
      }
    };
  }

  /**
   * When `caller` is the dashboard's identity (local mode; a signed-in user's token never reads the
   * watch-fed index), starts the watches of `kinds` as a browser connecting would, and
   * resolves true once every one is current; false at once if one fails, or after `timeoutMs`.
   * A page rendered before any browser listens (the first after the server starts, or after the
   * watches lingered out) can then read the watch-fed index instead of listing everything itself,
   * and the browser that connects a moment later finds the watches running. Without a listener the
   * watches stop after LINGER_MS, as when the last browser leaves.
   */
  async warm(caller: KubeClients, kinds: LiveKind[], timeoutMs: number): Promise<boolean> {
    // The watch-fed index answers only the identity the watches run as: warming helps no one else.
    const clients = this.clients();
    if (caller.identity === 'token' || caller.identity !== clients.identity) return false;
    const unsubscribe = this.subscribe(clients, kinds, () => {});
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = kinds.map((k) => this.kinds.get(k));
        if (states.every((s) => s?.current)) return true;
        if (states.some((s) => s?.failed) || Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, WARM_POLL_MS));
      }
    } finally {
      unsubscribe();
    }
  }

  /** Starts the one watch of a kind, as the given (dashboard) clients. */
  private watch(kind: LiveKind, clients: KubeClients, listeners: Set<Listener>): KindState {
    // The shared RBAC index follows the watch, so pages need not list RBAC again. Only the kind's
    // current watcher feeds it: a stopped one may still finish a list that was in flight.
    const feeds = () => isRbacKind(kind) && this.kinds.get(kind)?.watcher === watcher;
    const watcher: Watcher = watchKind(kind, clients, {
      change: (type, o, object) => {
        if (feeds()) rbacWatchEvent(clients.identity, kind, type, o, object);
        // Lists of ServiceAccount names kept by the bindings browser go out of date.
        if (kind === 'serviceaccounts') serviceAccountsChanged(clients.identity);
        this.emit(kind, { event: 'change', data: this.record(kind, { kind, type, ...o }) });
      },
      failure: (err) => {
        log.debug('watch failed', { kind, error: err.message });
        const state = this.kinds.get(kind);
        if (state?.watcher === watcher) state.failed = true;
      },
      current: (current) => {
        const mine = this.kinds.get(kind);
        if (mine?.watcher === watcher) {
          mine.current = current;
          if (current) mine.failed = false;
        }
        if (feeds()) setRbacKindLive(clients.identity, kind, current);
        if (kind === 'serviceaccounts' && this.kinds.get(kind)?.watcher === watcher)
          setServiceAccountsLive(current, clients.identity);
        const state = this.kinds.get(kind);
        if (current && state?.watcher === watcher && state.coveredSince === undefined) {
          // From now on every change is recorded; whoever listened while it listed may have missed some.
          state.coveredSince = this.seq;
          for (const l of state.listeners) l({ event: 'resync', data: {} });
        }
      },
      // Only RBAC kinds are mirrored: a relist then holds every object of the kind at once.
      ...(isRbacKind(kind)
        ? {
            listed: (objects) => {
              if (feeds()) rbacKindListed(kind, objects, clients);
            },
            keep: slimRbacObject,
          }
        : {}),
    });
    const state: KindState = { watcher, listeners, identity: clients.identity };
    this.kinds.set(kind, state);
    watcher.start();
    return state;
  }

  private catchUp(kinds: LiveKind[], listener: Listener, after: number): void {
    const states = kinds.map((k) => this.kinds.get(k));
    // A watch still listing sends `resync` to all its listeners once it is current (see watch()).
    if (states.some((s) => s?.coveredSince === undefined)) return;
    const complete =
      after <= this.seq &&
      this.dropped <= after &&
      states.every((s) => (s?.coveredSince ?? Infinity) <= after);
    if (!complete) {
      listener({ event: 'resync', data: {} });
      return;
    }
    for (const r of this.recent) {
      if (r.id > after && kinds.includes(r.kind)) listener({ event: 'change', data: r.data });
    }
  }

  private emit(kind: LiveKind, m: LiveMessage): void {
    for (const l of this.kinds.get(kind)?.listeners ?? []) l(m);
  }

  private record(kind: LiveKind, data: ChangeEvent): ChangeEvent {
    const withId = { ...data, id: ++this.seq };
    this.recent.push({ id: withId.id, kind, data: withId });
    if (this.recent.length > REPLAY_MAX) this.dropped = this.recent.shift()?.id ?? this.dropped;
    return withId;
  }

  private ensureProbe(): void {
    if (this.probe) return;
    this.probe = setInterval(() => void this.check(), PROBE_MS);
    this.probe.unref?.();
  }

  private stopProbe(): void {
    clearInterval(this.probe);
    this.probe = undefined;
  }

  /** Nothing listens and nothing is watched: stop probing, and let the registry drop the hub. */
  private idle(): void {
    this.stopProbe();
    this.onIdle?.();
  }

  /** Whether nothing listens and nothing is watched. */
  isIdle(): boolean {
    return this.listeners.size === 0 && this.kinds.size === 0;
  }

  private async check(): Promise<void> {
    let problem: string | null;
    try {
      // The hub's own background check, not a user's request: always its context's identity, as
      // configured now (a changed kubeconfig is probed at once).
      problem = await probeApiServer(this.clients());
    } catch (err) {
      problem = err instanceof Error ? err.message : 'unknown error';
    }
    const state = problem ? 'down' : 'up';
    if (state === this.status.state) return;
    this.status = { state, since: new Date().toISOString(), ...(problem ? { detail: problem } : {}) };
    log.warn(state === 'down' ? 'API server unreachable' : 'API server reachable again', {
      context: this.context,
      detail: problem,
    });
    // While the API server is unreachable nothing vouches for the watch-fed RBAC index; once it is
    // back, RBAC kinds list afresh (their history may differ) and the rest resume.
    for (const [kind, s] of this.kinds) {
      if (!isRbacKind(kind)) {
        if (state === 'up') s.watcher.retryNow();
      } else if (state === 'up') s.watcher.restart();
      else setRbacKindLive(s.identity, kind, false);
    }
    for (const l of this.listeners) l({ event: 'status', data: this.status });
  }
}

// On globalThis: the events route and the pages (separate bundles) must share the hubs.
const g = globalThis as { __tokenscopeHubs?: Map<string, Hub> };
g.__tokenscopeHubs ??= new Map();
const hubs = g.__tokenscopeHubs;

/**
 * The hub of one kubeconfig context (the current one when omitted), made on first use. The current context's is kept for the
 * server's life, as before; another context's is dropped (with its watch-fed index) once nothing
 * listens to it and its watches lingered out. At most MAX_HUBS at once: beyond, an idle one is
 * dropped, else `unavailable:server` (503). Throws `unavailable:server`, `unavailable:kubeconfig`.
 */
export function liveHub(context: string = currentCluster().name): Hub {
  const existing = hubs.get(context);
  if (existing) return existing;
  if (hubs.size >= MAX_HUBS) {
    for (const [name, hub] of hubs) if (hub.isIdle()) drop(name, hub);
  }
  if (hubs.size >= MAX_HUBS) {
    throw new AppError(
      'unavailable:server',
      `Tokenscope follows at most ${MAX_HUBS} clusters at once; close pages of the others and try again.`,
      {
        retryAfter: 15,
      },
    );
  }
  const hub = new Hub(context);
  hub.onIdle = () => {
    let current: string | undefined;
    try {
      current = currentCluster().name;
    } catch {}
    if (context !== current && hubs.get(context) === hub) drop(context, hub);
  };
  hubs.set(context, hub);
  return hub;
}

function drop(context: string, hub: Hub): void {
  hubs.delete(context);
  hub.onIdle = undefined;
  try {
    const identity = contextClients(context).identity;
    forgetRbacLive(identity);
    forgetServiceAccountsLive(identity);
  } catch {
    // The context left the kubeconfig: nothing can be looked up as it any more.
  }
}

/** The latest change id of a context's hub, without making one (0 when none runs). */
export function lastEventId(context: string): number {
  return hubs.get(context)?.lastEventId() ?? 0;
}

/** The contexts whose hubs run now (tests). */
export function liveContexts(): string[] {
  return [...hubs.keys()];
}
