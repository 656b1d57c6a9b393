'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { ClusterStatus } from '@/lib/contracts/live';
import { apiUrl } from '@/lib/client/api';
import { sessionApi } from '@/lib/client/session';
import { reportOutage } from './outage-store';

type Connection = { server: 'up' | 'down'; cluster: ClusterStatus | null; lastChange: number | null };

function clock(iso: string | number): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * Keeps server-rendered pages live: listens to the server's change stream and re-renders the page
 * (router.refresh keeps client state), and says plainly when the cluster or Tokenscope's own
 * server is unreachable, since when, and that what is shown may be stale.
 */
export function LiveUpdates({ after }: { after: number }) {
  const router = useRouter();
  // The last change this page has seen: it was rendered with `after`, then follows the stream.
  const seen = useRef(after);
  const [conn, setConn] = useState<Connection>({ server: 'up', cluster: null, lastChange: null });
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    let source: EventSource | undefined;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(pending.current);
      pending.current = setTimeout(() => router.refresh(), 250);
    };
    // A dropped stream is not an outage: only say so when Tokenscope's own health check fails too.
    const checkServer = async () => {
      const ok = await sessionApi.serverUp();
      if (stopped) return;
      setConn((c) => ({ ...c, server: ok ? 'up' : 'down' }));
      if (source?.readyState === EventSource.CLOSED) retry = setTimeout(connect, ok ? 1000 : 3000);
    };
    const connect = () => {
      source?.close();
      // Every kind (the stream's default) of the page's cluster; changes made between the render (or
      // a dropped stream) and this connection are replayed.
      const s = new EventSource(apiUrl(`/api/events?after=${seen.current}`));
      source = s;
      s.addEventListener('open', () => setConn((c) => ({ ...c, server: 'up' })));
      s.addEventListener('error', () => void checkServer());
      s.addEventListener('change', (e) => {
        const id = Number((e as MessageEvent<string>).lastEventId);
        if (Number.isSafeInteger(id) && id > seen.current) seen.current = id;
        setConn((c) => ({ ...c, lastChange: Date.now() }));
        refresh();
      });
      // Some changes may have been missed (the server could not replay them): render again.
      s.addEventListener('resync', refresh);
      s.addEventListener('status', (e) => {
        const status = JSON.parse((e as MessageEvent<string>).data) as ClusterStatus;
        setConn((c) => {
          if (c.cluster?.state === 'down' && status.state === 'up') refresh();
          return { ...c, server: 'up', cluster: status };
        });
      });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(pending.current);
      clearTimeout(retry);
      source?.close();
    };
  }, [router]);

  const down = conn.server === 'down' || conn.cluster?.state === 'down';
  useEffect(() => reportOutage(down), [down]);
  return (
    <div aria-live="polite">
      {down && (
        <div
          role="status"
          data-testid="outage-banner"
          className="border-b border-amber-300 bg-amber-100 px-4 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <div className="mx-auto max-w-6xl">
            {conn.server === 'down' ? (
              <strong>Tokenscope’s server is not answering.</strong>
            ) : (
              <strong>
                The Kubernetes API server is unreachable since{' '}
                {conn.cluster ? clock(conn.cluster.since) : 'now'}.
              </strong>
            )}{' '}
            {conn.cluster?.detail && conn.server === 'up' ? `(${conn.cluster.detail}.) ` : ''}
            What you see may be stale; Tokenscope reconnects by itself.
          </div>
        </div>
      )}
    </div>
  );
}
