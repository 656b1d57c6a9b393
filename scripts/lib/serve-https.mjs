// Tokenscope over HTTPS: `next start` has no TLS, so this serves the same Next app through Node's
// https server and Next's programmatic API. Started by startNext (scripts/lib/next.mjs) as a child
// with TOKENSCOPE_HOST, PORT, TOKENSCOPE_TLS_CERT and TOKENSCOPE_TLS_KEY set; `--dev` for next dev.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { root } from './cluster.mjs';

const dev = process.argv.includes('--dev');
// Next picks its mode from NODE_ENV as `next start` / `next dev` would set it; set before it loads.
process.env.NODE_ENV = dev ? 'development' : 'production';
const host = process.env.TOKENSCOPE_HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const tls = { cert: readFileSync(process.env.TOKENSCOPE_TLS_CERT ?? ''), key: readFileSync(process.env.TOKENSCOPE_TLS_KEY ?? '') };

const { default: next } = await import('next');
const app = next({ dev, dir: root, hostname: host, port });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer(tls, (req, res) => handle(req, res));
server.listen(port, host, () => console.log(`[tokenscope] https://${host.includes(':') ? `[${host}]` : host}:${port}`));
// Event streams never end by themselves: close them too, or close() waits forever.
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
