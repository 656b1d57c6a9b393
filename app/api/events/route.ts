import { eventsQuerySchema } from '@/lib/contracts/live';
import { env } from '@/lib/env';
import { route } from '@/lib/http/route';
import { liveHub } from '@/lib/live/hub';

export const dynamic = 'force-dynamic';

/**
 * Server-Sent Events: `change` (kind, type, namespace, name, resourceVersion — never the object)
 * and `status` (whether the API server is reachable). A comment every 15 s keeps proxies open.
 */
export const GET = route({ query: eventsQuerySchema }, async ({ req, query }) => {
  const encoder = new TextEncoder();
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
      // Watches run as the dashboard identity and are shared; in shared mode a user gets the
      // cluster's status only, never names the dashboard can see and the user perhaps cannot.
      const kinds = env().mode === 'shared' ? [] : query.kinds;
      const unsubscribe = liveHub().subscribe(kinds, (m) =>
        send(`event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`),
      );
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), 15_000);
      close = () => {
        clearInterval(keepAlive);
        unsubscribe();
        try {
          controller.close();
        } catch {}
      };
      req.signal.addEventListener('abort', close);
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
});
