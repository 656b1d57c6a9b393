// The response headers every path gets: next.config.js sends them on Next's responses, and
// static-brotli.cjs on the pre-compressed scripts and style sheets it serves in Next's place.
// CommonJS so the container image (deploy/Dockerfile) can load it beside Next's standalone server.

/** @type {{ key: string; value: string }[]} */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

module.exports = { securityHeaders };
