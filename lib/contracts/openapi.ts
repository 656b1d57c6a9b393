import { z } from 'zod';
import { CLUSTER_PARAM } from './cluster-path';
import { problemSchema } from './errors.schema';

/** A success response: a JSON body's schema, or a body that is not JSON (an event stream) or none (204). */
export type ResponseSpec = z.ZodType | { description: string; contentType?: string; schema?: z.ZodType };

/**
 * What a route declares about its HTTP interface, once, in its route.ts: route() parses params,
 * query and body with these schemas, and /api/openapi.json is generated from the same object.
 */
export interface OperationSpec {
  summary: string;
  /** Path parameters, one key per `[segment]` of the route's folder. */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Partial<Record<200 | 201 | 204, ResponseSpec>>;
  /** Needs no session (health, the API description, sign-in state). */
  public?: boolean;
  /** Which rate limit applies (documented as 429). */
  rateLimit?: string;
}

/** One method of one path, as app/api holds it. */
export interface Operation {
  /** `/api/tokens/{id}` */
  path: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  spec: OperationSpec;
}

type JsonSchema = { properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };

function schema(s: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** OpenAPI parameters from an object schema: each property with its own schema and whether it is required. */
function parameters(where: 'path' | 'query', s: z.ZodType | undefined): Record<string, unknown>[] {
  if (!s) return [];
  const { properties = {}, required = [] } = schema(s);
  return Object.entries(properties).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: p,
  }));
}

function response(r: ResponseSpec): Record<string, unknown> {
  if ('safeParse' in r) return { description: 'OK', content: { 'application/json': { schema: schema(r) } } };
  if (!r.contentType && !r.schema) return { description: r.description };
  return {
    description: r.description,
    content: { [r.contentType ?? 'application/json']: r.schema ? { schema: schema(r.schema) } : {} },
  };
}

/**
 * The one query parameter every route takes (route() reads it before the route's own query): which
 * kubeconfig context the call is for. Declared here once rather than in each spec.
 */
const clusterParameter = {
  name: CLUSTER_PARAM,
  in: 'query',
  required: false,
  description:
    'The kubeconfig context this call is for, in its URL form (lib/contracts/cluster-path.ts: letters, digits, `.`, `_`, `-` as they are, every other UTF-8 byte as `~XX`); the current context when absent. Unknown (and, in shared mode, any other than its own): 404 not-found:context. Another than the current one from another site: 403 forbidden:csrf.',
  schema: { type: 'string', pattern: '^(?:[A-Za-z0-9._-]|~[0-9A-F]{2})+$' },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The OpenAPI 3.1 document served at /api/openapi.json, generated from the routes' own specs. */
export function openApiDocument(operations: readonly Operation[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { path, method, spec } of [...operations].sort((a, b) => a.path.localeCompare(b.path))) {
    paths[path] ??= {};
    const item = paths[path];
    const mutating = method !== 'GET';
    item[method.toLowerCase()] = {
      summary: spec.summary,
      ...(mutating
        ? {
            description:
              'Needs Content-Type: application/json and X-Tokenscope-Request: 1; cross-site requests are refused (403).',
          }
        : {}),
      parameters: [...parameters('path', spec.params), ...parameters('query', spec.query), clusterParameter],
      ...(spec.body
        ? {
            requestBody: {
              required: !spec.body.safeParse(undefined).success,
              content: { 'application/json': { schema: schema(spec.body) } },
            },
          }
        : {}),
      responses: {
        ...Object.fromEntries(Object.entries(spec.responses).map(([status, r]) => [status, response(r)])),
        ...(spec.params || spec.query || spec.body
          ? { 400: problem('Invalid input (invalid:request)') }
          : {}),
        404: problem('No such cluster (not-found:context), or what the route names is missing'),
        ...(spec.public ? {} : { 401: problem('Shared mode without a sign-in (unauthorized:session)') }),
        ...(spec.rateLimit ? { 429: problem(`Rate limited (${spec.rateLimit}); see Retry-After`) } : {}),
        default: problem('Problem'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tokenscope',
      version: '0.1.0',
      description:
        'Backend-for-frontend of the Tokenscope dashboard. Served only under its configured host names (loopback on its port, TOKENSCOPE_PUBLIC_URL): any other Host gets 421 forbidden:host.',
    },
    paths,
    components: { schemas: { Problem: schema(problemSchema) } },
  };
}
