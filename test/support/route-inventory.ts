// Every app/api route handler, found on disk (so a new route is covered the day it is added).
import type { OperationSpec } from '@/lib/contracts/openapi';

type Handler = ((req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) & { spec?: OperationSpec };

export interface RouteEntry {
  file: string;
  path: string;
  method: string;
  handler: Handler;
  /** The spec route() made the handler from (/api/openapi.json documents it). */
  spec: OperationSpec;
  params: Record<string, string>;
  segments: string[];
}

const modules = import.meta.glob<Record<string, unknown>>('/app/api/**/route.ts', { eager: true });
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A valid-looking value for each dynamic segment name used by the routes. */
export function sampleParam(segment: string): string {
  if (segment === 'id') return 'tok_AAAAAAAAAAAAAAAAAAAAAAAA';
  if (segment === 'name') return 'token-request';
  if (segment === 'ns' || segment === 'namespace') return 'default';
  return 'x';
}

export function routeInventory(): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const [file, mod] of Object.entries(modules)) {
    const path = file.replace(/^\/app/, '').replace(/\/route\.ts$/, '');
    const segments = [...path.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] ?? '');
    const params = Object.fromEntries(segments.map((s) => [s, sampleParam(s)]));
    for (const method of methods) {
      const handler = mod[method];
      if (typeof handler !== 'function') continue;
      const { spec } = handler as Handler;
      if (!spec) throw new Error(`${file}: ${method} is not made by route()`);
      out.push({ file, path, method, handler: handler as Handler, spec, params, segments });
    }
  }
  return out.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** Sends one request straight to a handler. */
export async function send(
  entry: RouteEntry,
  opts: { headers?: Record<string, string>; body?: string; params?: Record<string, string>; query?: string } = {},
): Promise<Response> {
  const path = entry.path.replace(/\[([^\]]+)\]/g, (_m, s: string) => encodeURIComponent(opts.params?.[s] ?? entry.params[s] ?? 'x'));
  const req = new Request(`http://127.0.0.1:3000${path}${opts.query ?? ''}`, {
    method: entry.method,
    headers: { host: '127.0.0.1:3000', ...opts.headers },
    body: entry.method === 'GET' ? undefined : opts.body,
  });
  return entry.handler(req, { params: Promise.resolve(opts.params ?? entry.params) });
}
