// /api/openapi.json is generated from the routes' own specs: it documents every route file under
// app/api with the params, query and body route() enforces, and nothing that is not there. Where a
// parameter is documented as required or optional, the route is asked and must agree.
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/openapi.json/route';
import { type RouteEntry, routeInventory, send } from '../support/route-inventory';

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: { type?: string; anyOf?: unknown[]; default?: unknown };
}
interface DocOperation {
  summary: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: { properties?: object } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type Doc = { openapi: string; paths: Record<string, Record<string, DocOperation>> };

const routes = routeInventory();
const openApiPath = (r: RouteEntry) => r.path.replace(/\[(\w+)\]/g, '{$1}');
const mutatingHeaders = {
  'content-type': 'application/json',
  'x-tokenscope-request': '1',
  origin: 'http://127.0.0.1:3000',
};

async function document(): Promise<Doc> {
  const entry = routes.find((r) => r.path === '/api/openapi.json');
  expect(entry).toBeDefined();
  const res = await send({ ...(entry as RouteEntry), handler: GET });
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

const lookup = (doc: Doc, r: RouteEntry) => doc.paths[openApiPath(r)]?.[r.method.toLowerCase()];

function operation(doc: Doc, r: RouteEntry): DocOperation {
  const op = lookup(doc, r);
  expect(op, `${r.method} ${r.path} is documented`).toBeDefined();
  return op as DocOperation;
}

const doc = await document();

it('documents exactly the route files under app/api, each from its own spec', () => {
  expect(doc.openapi).toBe('3.1.0');
  const documented = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
  expect(documented).toEqual(routes.map((r) => `${r.method} ${openApiPath(r)}`).sort());
  for (const r of routes) {
    expect(r.spec, `${r.file} ${r.method} is made by route()`).toBeDefined();
    // Filed under its own path: the summary is the one its route file declares.
    expect(operation(doc, r).summary, `${r.method} ${r.path}`).toBe(r.spec.summary);
  }
});

describe.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, r) => {
  it('documents one required path parameter per [segment], and route() parses each', () => {
    const op = operation(doc, r);
    const path = op.parameters.filter((p) => p.in === 'path');
    expect(path.map((p) => p.name).sort()).toEqual([...r.segments].sort());
    expect(path.every((p) => p.required)).toBe(true);
  });

  it('documents the query and body route() parses', () => {
    const op = operation(doc, r);
    const query = op.parameters.filter((p) => p.in === 'query' && p.name !== 'cluster').map((p) => p.name);
    expect(query.length > 0).toBe(r.spec.query !== undefined);
    // Every route takes ?cluster= (route() reads it), documented once for all as optional.
    expect(op.parameters.filter((p) => p.name === 'cluster')).toEqual([
      expect.objectContaining({ in: 'query', required: false }),
    ]);
    expect(op.requestBody !== undefined).toBe(r.spec.body !== undefined);
    expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
  });

  it.runIf(lookup(doc, r)?.requestBody?.required === true)(
    'refuses a request without its required body (400)',
    async () => {
      const res = await send(r, { headers: mutatingHeaders });
      expect(res.status).toBe(400);
      expect((await res.json()).detail).toMatch(/^body/);
    },
  );
});

describe.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
  '%s on a cluster the kubeconfig lacks',
  (_name, r) => {
    it('answers 404 not-found:context, never another cluster', async () => {
      const res = await send(r, { query: '?cluster=no-such-context', headers: mutatingHeaders, body: '{}' });
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe('not-found:context');
    });
  },
);

describe.each(routes.filter((r) => r.spec?.query).map((r) => [`${r.method} ${r.path}`, r] as const))(
  '%s without a query',
  (_name, r) => {
    it('answers as the document says: 400 naming a required parameter, else a success', async () => {
      const required = operation(doc, r)
        .parameters.filter((p) => p.in === 'query' && p.required)
        .map((p) => p.name);
      // A ServiceAccount route answers about an account that exists: default/default always does.
      const params = r.path.includes('/serviceaccounts/[name]') ? { ...r.params, name: 'default' } : r.params;
      const res = await send(r, { params });
      if (required.length > 0) {
        expect(res.status).toBe(400);
        const detail = (await res.json()).detail as string;
        expect(
          required.some((name) => detail.startsWith(`query.${name}:`)),
          detail,
        ).toBe(true);
      } else {
        expect(res.status).toBeLessThan(300);
        if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
        else await res.text();
      }
    });
  },
);

it('types query parameters by their schemas, not all as strings', () => {
  const query = Object.fromEntries(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.values(ops).flatMap((op) =>
        op.parameters.filter((p) => p.in === 'query').map((p) => [`${path}?${p.name}`, p] as const),
      ),
    ),
  );
  expect(query['/api/events?after']?.schema.type).toBe('integer');
  expect(query['/api/serviceaccounts?limit']?.schema).toMatchObject({ type: 'integer', default: 100 });
  expect(query['/api/events?kinds']?.required).toBe(false);
  expect(query['/api/rbac/who-can?verb']?.required).toBe(true);
  expect(query['/api/namespaces/{ns}/bound-objects?kind']?.schema).toMatchObject({
    enum: ['Pod', 'Secret', 'Node'],
  });
});

it('describes bodies and non-JSON responses', () => {
  const mint = doc.paths['/api/tokens']?.post;
  expect(mint?.requestBody?.required).toBe(true);
  expect(Object.keys(mint?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(
    expect.arrayContaining([
      'namespace',
      'serviceAccount',
      'expirationSeconds',
      'audiences',
      'boundObjectRef',
      'actAs',
    ]),
  );
  expect(Object.keys(mint?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '429']));
  expect(Object.keys(doc.paths['/api/events']?.get?.responses['200']?.content ?? {})).toEqual([
    'text/event-stream',
  ]);
  expect(doc.paths['/api/tokens/{id}']?.delete?.responses['204']?.content).toBeUndefined();
  expect(Object.keys(doc.paths['/api/healthz']?.get?.responses ?? {})).not.toContain('401');
});
