// Tokenscope's HTTP(S) server: Next's own request handler (the one `next start` uses, through its
// programmatic API) behind two things `next start` cannot do:
// - TLS, given TOKENSCOPE_TLS_CERT and TOKENSCOPE_TLS_KEY (`next start` has none);
// - methods no route answers (TRACE, TRACK, PROPFIND, …) refused with problem JSON before Next: Next
//   builds a fetch Request for its proxy and routes, and fetch throws on TRACE ("HTTP method is
//   unsupported"), which Next answers with a 500 and a stack trace in the log;
// - the build's scripts and style sheets brotli-compressed (static-brotli.cjs; Next has gzip only).
// Started by startNext (scripts/lib/next.mjs) as a child with TOKENSCOPE_HOST and PORT set; `--dev` for dev.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { root } from './cluster.mjs';
import methodGuard from './method-guard.cjs';
import staticBrotli from './static-brotli.cjs';

const dev = process.argv.includes('--dev');
// Next picks its mode from NODE_ENV as `next start` / `next dev` would set it; set before it loads.
process.env.NODE_ENV = dev ? 'development' : 'production';
const host = process.env.TOKENSCOPE_HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const certFile = process.env.TOKENSCOPE_TLS_CERT;
const keyFile = process.env.TOKENSCOPE_TLS_KEY;
const tls = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : null;

const { default: next } = await import('next');
const app = next({ dev, dir: root, hostname: host, port });
await app.prepare();
const handle = app.getRequestHandler();
// `next dev` serves its own unhashed chunks: only a production build has .br files to serve.
const serveBrotli = dev ? () => false : staticBrotli.createStaticBrotli(join(root, '.next', 'static'));
const onRequest = (req, res) => {
  if (!methodGuard.refuseUnknownMethod(req, res) && !serveBrotli(req, res)) handle(req, res);
};
const server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
server.listen(port, host, () => console.log(`[tokenscope] ${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`));
// Event streams never end by themselves: close them too, or close() waits forever.
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
