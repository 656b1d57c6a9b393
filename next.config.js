import securityHeadersModule from './scripts/lib/security-headers.cjs';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node is ESM with Node-only dependencies (ws, node-fetch, openid-client): load it from
  // node_modules at run time instead of bundling it.
  serverExternalPackages: ['@kubernetes/client-node'],
  poweredByHeader: false,
  experimental: {
    // Next keeps a copy of the body of every request the proxy (proxy.ts) sees, up to this size
    // (default 10 MB): 16 POSTs of 100 MB to a page took the server from 210 to 398 MB RSS. No page
    // takes a body (there are no server actions), and API routes read theirs with their own 64 KiB
    // limit (lib/server/http/body.ts).
    proxyClientMaxBodySize: '64kb',
  },
  // The container image (deploy/Dockerfile) runs the self-contained server Next traces into .next/standalone.
  ...(process.env.TOKENSCOPE_STANDALONE === '1' ? { output: 'standalone' } : {}),
  reactStrictMode: true,
  // `npm run typecheck` (tsc 7) is part of `npm test`; Next's own check expects the TypeScript 5 JS API.
  typescript: { ignoreBuildErrors: true },
  devIndicators: false,
  async headers() {
    return [
      {
        source: '/:path*',
        // Also sent by scripts/lib/static-brotli.cjs on the scripts it serves in Next's place.
        headers: securityHeadersModule.securityHeaders,
      },
    ];
  },
};

export default nextConfig;
