import { type Operation, openApiDocument } from '@/lib/contracts/openapi';
import { json, type RouteHandler, route } from '@/lib/server/http/route';
import { apiRoutes, type RouteModule } from './routes';

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Each exported handler's own spec, under its path. */
function operations(routes: Record<string, RouteModule>): Operation[] {
  return Object.entries(routes).flatMap(([path, mod]) =>
    methods.flatMap((method) => {
      const handler = mod[method];
      return handler ? [{ path, method, spec: handler.spec }] : [];
    }),
  );
}

// The routes are fixed at build time, so the document is made once per process.
let generated: Record<string, unknown> | undefined;

export const GET: RouteHandler = route(
  {
    summary: 'This document (OpenAPI 3.1, generated from the routes’ own specs)',
    public: true,
    responses: { 200: { description: 'OpenAPI 3.1', contentType: 'application/json' } },
  },
  async () => {
    generated ??= openApiDocument(operations({ ...apiRoutes, '/api/openapi.json': { GET } }));
    return json(generated);
  },
);
