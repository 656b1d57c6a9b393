// Serves Next's build output (/_next/static/**/*.js and *.css) brotli-compressed to browsers that
// accept it, from the NAME.br files scripts/compress-static.mjs writes after `next build`. Next's own
// server compresses with gzip only; brotli at quality 11 makes every page's first-load JavaScript
// about 14 % smaller (bench/README.md, "First-load JS"). Everything else — other paths, clients
// without `br`, a file without a fresh .br beside it — falls through to Next unchanged.
// Used by scripts/lib/serve.mjs, and in the container image (deploy/Dockerfile) around Next's
// standalone server.js. CommonJS so the image can load it without a bundler.
const { readFileSync, statSync } = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { securityHeaders } = require('./security-headers.cjs');

const PREFIX = '/_next/static/';
const TYPES = { '.js': 'application/javascript; charset=UTF-8', '.css': 'text/css; charset=UTF-8' };
/** Build output is content-hashed: the same URL never names other bytes (Next sends the same). */
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Whether an Accept-Encoding header accepts br (a `br;q=0` refuses it). */
function acceptsBrotli(header) {
  if (typeof header !== 'string') return false;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (coding.trim().toLowerCase() !== 'br') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * A request handler for `staticDir` (the build's .next/static): answers and returns true when it
 * served a .br file, returns false (touching nothing) for Next to answer otherwise.
 */
function createStaticBrotli(staticDir) {
  const root = path.resolve(staticDir);
  /** relative path → compressed bytes, or null: no fresh .br (looked up once per path). */
  const cache = new Map();
  const lookup = (rel) => {
    if (cache.has(rel)) return cache.get(rel);
    let body = null;
    const file = path.resolve(root, rel);
    if (file.startsWith(root + path.sep)) {
      try {
        // A .br older than its file is from another build: never serve it.
        if (statSync(`${file}.br`).mtimeMs >= statSync(file).mtimeMs) body = readFileSync(`${file}.br`);
      } catch {
        body = null;
      }
    }
    if (cache.size < 10_000) cache.set(rel, body);
    return body;
  };
  return function serveStaticBrotli(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '';
    if (!url.startsWith(PREFIX)) return false;
    const rel = url.slice(PREFIX.length).split(/[?#]/, 1)[0];
    // Build output names are plain: anything encoded or climbing is left to Next.
    if (!/^[A-Za-z0-9._/-]+$/.test(rel) || rel.split('/').some((s) => s === '' || s === '.' || s === '..'))
      return false;
    const type = TYPES[path.extname(rel)];
    if (!type || !acceptsBrotli(req.headers['accept-encoding'])) return false;
    const body = lookup(rel);
    if (!body) return false;
    const headers = {
      'Content-Type': type,
      'Content-Encoding': 'br',
      'Content-Length': body.length,
      'Cache-Control': CACHE_CONTROL,
      Vary: 'Accept-Encoding',
    };
    for (const h of securityHeaders) headers[h.key] = h.value;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** Puts the handler in front of the request listener of every HTTP server created from now on. */
function installStaticBrotli(staticDir) {
  const serve = createStaticBrotli(staticDir);
  const create = http.createServer;
  http.createServer = function createServerWithStaticBrotli(...args) {
    const i = args.findIndex((a) => typeof a === 'function');
    if (i >= 0) {
      const listener = args[i];
      args[i] = (req, res) => {
        if (!serve(req, res)) listener(req, res);
      };
    }
    return create.apply(this, args);
  };
}

module.exports = { acceptsBrotli, createStaticBrotli, installStaticBrotli };
