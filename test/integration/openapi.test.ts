// /api/openapi.json describes every route under app/api, and nothing that is not there.
import { expect, it } from 'vitest';
import { GET } from '@/app/api/openapi.json/route';
import { routeInventory, send } from '../support/route-inventory';

it('documents exactly the routes that exist', async () => {
  const entry = routeInventory().find((r) => r.path === '/api/openapi.json');
  expect(entry).toBeDefined();
  if (!entry) return;
  const res = await send({ ...entry, handler: GET });
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(doc.openapi).toBe('3.1.0');
  const documented = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
  const existing = routeInventory()
    .map((r) => `${r.method} ${r.path.replace(/\[(\w+)\]/g, '{$1}')}`)
    .sort();
  expect(documented).toEqual(existing);
  const mint = doc.paths['/api/tokens']?.post as { requestBody?: { content: Record<string, { schema: { properties: object } }> } };
  expect(Object.keys(mint.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(
    expect.arrayContaining(['namespace', 'serviceAccount', 'expirationSeconds', 'audiences', 'boundObjectRef', 'actAs']),
  );
  const events = doc.paths['/api/events']?.get as { responses: Record<string, { content: Record<string, unknown> }> };
  expect(Object.keys(events.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
});
