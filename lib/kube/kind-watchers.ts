import 'server-only';
import type { LiveKind } from '@/lib/contracts/live';
import { env } from '@/lib/server/env';
import type { KubeClients } from './clients';
import { KindWatcher, type WatchHandlers } from './watch';

/** What the hub needs of the watch of one kind. */
export interface Watcher {
  start(): void;
  stop(): void;
  retryNow(): void;
  restart(): void;
}

/**
 * Several per-namespace watchers reported as one: current only while every one of them is. With no
 * namespace at all it is current at once and reports nothing.
 */
class WatcherGroup implements Watcher {
  private readonly members: KindWatcher[];
  private readonly current: boolean[];

  constructor(
    kind: LiveKind,
    clients: KubeClients,
    private readonly handlers: WatchHandlers,
    namespaces: string[],
  ) {
    this.current = namespaces.map(() => false);
    this.members = namespaces.map(
      (ns, i) =>
        new KindWatcher(
          kind,
          clients,
          {
            ...handlers,
            current: (c) => {
              this.current[i] = c;
              handlers.current?.(this.current.every(Boolean));
            },
          },
          ns,
        ),
    );
  }

  start(): void {
    if (this.members.length === 0) this.handlers.current?.(true);
    for (const m of this.members) m.start();
  }
  stop(): void {
    for (const m of this.members) m.stop();
  }
  retryNow(): void {
    for (const m of this.members) m.retryNow();
  }
  restart(): void {
    for (const m of this.members) m.restart();
  }
}

/**
 * The watch of one kind as the given clients. Token Secrets are read by the dashboard identity only
 * in the namespaces of TOKENSCOPE_SECRET_NAMESPACES (a cluster-wide watch would need the right to
 * read every Secret's data), so they are watched per namespace unless every namespace is allowed.
 */
export function watchKind(kind: LiveKind, clients: KubeClients, handlers: WatchHandlers): Watcher {
  const scope = env().secretNamespaces;
  if (kind !== 'tokensecrets' || scope === 'all') return new KindWatcher(kind, clients, handlers);
  return new WatcherGroup(kind, clients, handlers, scope);
}
