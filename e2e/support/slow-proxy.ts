// A TCP proxy on loopback that delays everything the dashboard sends to the API server, to test
// slow-cluster behaviour. TLS passes through untouched (the certificate covers 127.0.0.1).
import { type Server, type Socket, connect, createServer } from 'node:net';

export interface SlowProxy {
  port: number;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export function startSlowProxy(target: URL, delayMs: number): Promise<SlowProxy> {
  let delay = delayMs;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk) => {
      setTimeout(() => upstream.writable && upstream.write(chunk), delay);
    });
    upstream.on('data', (chunk) => client.writable && client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        setDelay: (ms) => {
          delay = ms;
        },
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
