// Methods no route answers (TRACE, TRACK, PROPFIND, …) refused with 405 problem JSON before Next
// sees them: Next builds a fetch Request for its proxy and routes, and fetch throws on TRACE ("HTTP
// method is unsupported"), which Next answers with a 500 and a stack trace in the log. Used by
// scripts/lib/serve.mjs, and in the container image (deploy/Dockerfile) around Next's standalone
// server.js, whose http.createServer it wraps. CommonJS so the image can load it without a bundler.
const http = require('node:http');

/** The methods a route or page may answer (Next's own list; lib/http routes export only these). */
const methods = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** Answers 405 (problem JSON, as lib/contracts/errors-core.ts's toProblem gives `invalid:request`) and returns true for a method no route answers. */
function refuseUnknownMethod(req, res) {
  if (methods.includes(req.method)) return false;
  const body = JSON.stringify({
    type: 'https://tokenscope.dev/problems/invalid/request',
    title: 'Invalid request',
    status: 405,
    code: 'invalid:request',
    detail: `Method ${String(req.method).slice(0, 20)} is not served.`,
  });
  res.writeHead(405, { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', Allow: methods.join(', ') });
  res.end(body);
  return true;
}

/** Wraps the request listener of every HTTP server created from now on with the guard. */
function installMethodGuard() {
  const create = http.createServer;
  http.createServer = function createGuardedServer(...args) {
    const i = args.findIndex((a) => typeof a === 'function');
    if (i >= 0) {
      const listener = args[i];
      args[i] = (req, res) => {
        if (!refuseUnknownMethod(req, res)) listener(req, res);
      };
    }
    return create.apply(this, args);
  };
}

module.exports = { methods, refuseUnknownMethod, installMethodGuard };
