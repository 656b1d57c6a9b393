import { eventsQuerySchema } from '@/lib/contracts/live';
import { env } from '@/lib/env';
import { callerClients } from '@/lib/http/caller';
import { route } from '@/lib/http/route';
import { type LiveMessage, liveHub } from '@/lib/live/hub';
import { visibilityFilter } from '@/lib/live/visibility';

export const dynamic = 'force-dynamic';

/**
 * Server-Sent Events: `change` (kind, type, namespace, name, resourceVersion — never the object)
 * and `status` (whether the API server is reachable). A comment every 15 s keeps proxies open.
 * In shared mode a user gets only the changes of kinds and namespaces they may list themselves.
 */
export const GET = route({ query: eventsQuerySchema }, async ({ req, query }) => {
  const encoder = new TextEncoder();
  const visible = env().mode === 'shared' ? visibilityFilter(callerClients()) : undefined;
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
      const write = (m: LiveMessage) => send(`event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`);
      // Watches run as the dashboard identity and are shared; in shared mode each change waits for
      // the user's own answer, in order, so names the user may not list never reach them.
      let deliver = write;
      if (visible) {
        let queue = Promise.resolve();
        deliver = (m) => {
          queue = queue.then(async () => {
            if (m.event !== 'change' || (await visible(m.data))) write(m);
          });
        };
      }
      const unsubscribe = liveHub().subscribe(query.kinds, deliver);
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
