'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { type ClusterStatus, liveKinds } from '@/lib/contracts/live';

type Connection = { server: 'up' | 'down'; cluster: ClusterStatus | null; lastChange: number | null };

function clock(iso: string | number): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * Keeps server-rendered pages live: listens to the server's change stream and re-renders the page
 * (router.refresh keeps client state), and says plainly when the cluster or Tokenscope's own
 * server is unreachable, since when, and that what is shown may be stale.
 */
export function LiveUpdates() {
  const router = useRouter();
  const [conn, setConn] = useState<Connection>({ server: 'up', cluster: null, lastChange: null });
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const source = new EventSource(`/api/events?kinds=${liveKinds.join(',')}`);
    const refresh = () => {
      clearTimeout(pending.current);
      pending.current = setTimeout(() => router.refresh(), 250);
    };
    source.addEventListener('open', () => setConn((c) => ({ ...c, server: 'up' })));
    source.addEventListener('error', () => setConn((c) => ({ ...c, server: 'down' })));
    source.addEventListener('change', () => {
      setConn((c) => ({ ...c, lastChange: Date.now() }));
      refresh();
    });
    source.addEventListener('status', (e) => {
      const status = JSON.parse((e as MessageEvent<string>).data) as ClusterStatus;
      setConn((c) => {
        if (c.cluster?.state === 'down' && status.state === 'up') refresh();
        return { ...c, server: 'up', cluster: status };
      });
    });
    return () => {
      clearTimeout(pending.current);
      source.close();
    };
  }, [router]);

  const down = conn.server === 'down' || conn.cluster?.state === 'down';
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
              <strong>The Kubernetes API server is unreachable since {conn.cluster ? clock(conn.cluster.since) : 'now'}.</strong>
            )}{' '}
            {conn.cluster?.detail && conn.server === 'up' ? `(${conn.cluster.detail}.) ` : ''}
            What you see may be stale; Tokenscope reconnects by itself.
          </div>
        </div>
      )}
    </div>
  );
}
