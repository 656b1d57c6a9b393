import { AppError } from '@/lib/contracts/errors';
import { eventsQuerySchema } from '@/lib/contracts/live.schema';
import { env } from '@/lib/server/env';
import { route } from '@/lib/server/http/route';
import { type LiveMessage, liveHub } from '@/lib/server/live/hub';
import { openStream } from '@/lib/server/live/streams';
import { visibilityFilter, visibilityKey } from '@/lib/server/live/visibility';

export const dynamic = 'force-dynamic';

/**
 * Server-Sent Events: `change` (kind, type, namespace, name, resourceVersion — never the object)
 * and `status` (whether the API server is reachable). A comment every 15 s keeps proxies open.
 * In shared mode a user gets only the changes of kinds and namespaces they may list themselves, and
 * the stream ends when they sign out.
 */
export const GET = route(
  {
    summary: 'Server-Sent Events: `change` (every kind unless `kinds` narrows them), `status` and `resync`',
    query: eventsQuerySchema,
    responses: {
      200: { contentType: 'text/event-stream', description: 'event: change | status | resync; data: JSON' },
    },
  },
  async ({ req, session, query, clients, cluster }) => {
    const encoder = new TextEncoder();
    const me = session.signedIn;
    // Each change is shown to a user only if they may list it themselves, asked as them.
    const visible =
      env().mode === 'shared' && me ? visibilityFilter(clients.forCaller, visibilityKey(me.user)) : undefined;
    // route() already refuses shared mode without a sign-in; fail closed all the same.
    if (env().mode === 'shared' && !visible) {
      throw new AppError('unauthorized:session', 'Sign in first: this Tokenscope is shared and acts as you.');
    }
    // This cluster's hub (made on first use; 503 beyond the number of clusters followed at once).
    const hub = liveHub(cluster.name);
    // Counted until the stream closes; refused with 429 beyond the cap, before anything is opened.
    const release = openStream(session.id);
    let close = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            close();
          }
        };
        send('retry: 2000\n\n');
        // Change ids go out as SSE ids, so the browser's own reconnect sends Last-Event-ID.
        const write = (m: LiveMessage) =>
          send(
            `${m.event === 'change' && m.data.id ? `id: ${m.data.id}\n` : ''}event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`,
          );
        // Watches run as the dashboard identity and are shared; in shared mode each change waits for
        // the user's own answer, so names the user may not list never reach them. Reviews start at
        // once and run side by side; changes still go out in order. A failed step denies that change
        // only, never the rest of the stream; the status (outage banner) never waits behind reviews.
        let deliver = write;
        if (visible) {
          let queue = Promise.resolve();
          deliver = (m) => {
            if (!session.signedIn) {
              close();
              return;
            }
            if (m.event !== 'change') {
              write(m);
              return;
            }
            let allowed: Promise<boolean>;
            try {
              allowed = visible(m.data);
            } catch {
              allowed = Promise.resolve(false);
            }
            queue = queue
              .then(async () => {
                if ((await allowed) && session.signedIn) write(m);
              })
              .catch(() => {});
          };
        }
        const lastEventId = Number(req.headers.get('last-event-id') ?? Number.NaN);
        const after = Number.isSafeInteger(lastEventId) && lastEventId >= 0 ? lastEventId : query.after;
        // One shared watch per kind on this cluster, as its kubeconfig identity; filtered per user above.
        const unsubscribe = hub.subscribe(clients.asDashboard, query.kinds, deliver, after);
        const keepAlive = setInterval(() => send(': keep-alive\n\n'), 15_000);
        close = () => {
          release();
          clearInterval(keepAlive);
          unsubscribe();
          try {
            controller.close();
          } catch {}
        };
        req.signal.addEventListener('abort', close);
        // Gone before we listened: release its place in the count at once.
        if (req.signal.aborted) close();
      },
      cancel() {
        close();
      },
    });
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/event-stream',
        // no-transform: a compressing layer must not buffer the stream.
        'Cache-Control': 'no-store, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      },
    });
  },
);
