import { z } from 'zod';
import { boundObjectListSchema, boundObjectsQuerySchema } from './bound-objects';
import { problemSchema } from './errors.schema';
import { clusterIdentitySchema, healthSchema } from './identity';
import { eventsQuerySchema } from './live.schema';
import {
  accessRequestSchema,
  canIResultSchema,
  permissionsSchema,
  tokenMintersResultSchema,
  whoCanQuerySchema,
  whoCanResultSchema,
} from './rbac';
import { scenarioProgressSchema, scenarioProgressStateSchema } from './scenario-progress';
import { sessionInfoSchema, signInSchema } from './session';
import {
  projectionSchema,
  scenarioApplySchema,
  scenarioDeleteSchema,
  scenarioGrantResultSchema,
  scenarioGrantSchema,
  scenarioProjectSchema,
  scenarioRunSchema,
  scenarioSummarySchema,
} from './scenarios-api';
import { serviceAccountDetailSchema, serviceAccountListQuerySchema, serviceAccountPageSchema } from './serviceaccounts';
import {
  importRequestSchema,
  mintedTokenSchema,
  mintRequestSchema,
  revealSchema,
  reviewResultSchema,
  tokenListSchema,
  tryRequestSchema,
  tryResultSchema,
  whoamiResultSchema,
} from './tokens';

interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  ok: { status: number; schema?: z.ZodType; contentType?: string; description?: string };
}

const sa = '/api/namespaces/{ns}/serviceaccounts/{name}';
const tok = '/api/tokens/{id}';

/** Every route, with its input and output schemas. A test fails when app/api and this list differ. */
export const operations: Operation[] = [
  { method: 'get', path: '/api/healthz', summary: 'Tokenscope is up (no session needed)', ok: { status: 200, schema: healthSchema.omit({ server: true }) } },
  { method: 'get', path: '/api/identity', summary: 'The cluster and who the dashboard is there (SelfSubjectReview)', ok: { status: 200, schema: clusterIdentitySchema } },
  { method: 'get', path: '/api/events', summary: 'Server-Sent Events: `change` and `status`', query: eventsQuerySchema, ok: { status: 200, contentType: 'text/event-stream', description: 'event: change | status; data: JSON' } },
  { method: 'get', path: '/api/serviceaccounts', summary: 'ServiceAccounts, one page (limit/continue)', query: serviceAccountListQuerySchema, ok: { status: 200, schema: serviceAccountPageSchema } },
  { method: 'get', path: sa, summary: 'A ServiceAccount: bindings, pods, legacy tokens, warnings', ok: { status: 200, schema: serviceAccountDetailSchema } },
  { method: 'get', path: `${sa}/permissions`, summary: 'Effective permissions with the bindings that grant them', ok: { status: 200, schema: permissionsSchema } },
  { method: 'post', path: `${sa}/can-i`, summary: 'SubjectAccessReview verdict beside the local engine’s explanation', body: accessRequestSchema, ok: { status: 200, schema: canIResultSchema } },
  { method: 'get', path: '/api/namespaces/{ns}/bound-objects', summary: 'Pods or Secrets of {ns}, or Nodes, a token may be bound to (metadata only, at most 200)', query: boundObjectsQuerySchema, ok: { status: 200, schema: boundObjectListSchema } },
  { method: 'get', path: '/api/rbac/who-can', summary: 'Subjects allowed a request, and the bindings that allow it', query: whoCanQuerySchema, ok: { status: 200, schema: whoCanResultSchema } },
  { method: 'get', path: '/api/rbac/token-minters', summary: 'Who can mint tokens for whom', ok: { status: 200, schema: tokenMintersResultSchema } },
  { method: 'get', path: '/api/scenarios', summary: 'Workshop scenarios', ok: { status: 200, schema: z.object({ scenarios: z.array(scenarioSummarySchema) }) } },
  { method: 'post', path: '/api/scenarios/{name}/apply', summary: 'Server-side apply a scenario, or one of its manifests', body: scenarioApplySchema, ok: { status: 200, schema: scenarioRunSchema } },
  { method: 'post', path: '/api/scenarios/{name}/teardown', summary: 'Delete what a scenario created', ok: { status: 200, schema: scenarioRunSchema } },
  { method: 'post', path: '/api/scenarios/{name}/delete', summary: 'Delete one object a scenario created', body: scenarioDeleteSchema, ok: { status: 200, schema: scenarioRunSchema } },
  { method: 'post', path: '/api/scenarios/{name}/grant', summary: 'Apply the minimal Role + RoleBinding for a denied request, in the scenario’s namespace', body: scenarioGrantSchema, ok: { status: 200, schema: scenarioGrantResultSchema } },
  { method: 'post', path: '/api/scenarios/{name}/project', summary: 'Play kubelet’s part for a scenario pod’s projected token volume (one file version)', body: scenarioProjectSchema, ok: { status: 200, schema: projectionSchema } },
  { method: 'get', path: '/api/scenarios/{name}/progress', summary: 'A guided walkthrough’s saved progress in this session (tokens by id only)', ok: { status: 200, schema: scenarioProgressStateSchema } },
  { method: 'put', path: '/api/scenarios/{name}/progress', summary: 'Save a guided walkthrough’s progress (at most 32 KiB; tokens by id only)', body: scenarioProgressSchema, ok: { status: 200, schema: scenarioProgressStateSchema } },
  { method: 'get', path: '/api/tokens', summary: 'Tokens held in this session (metadata only)', ok: { status: 200, schema: tokenListSchema } },
  { method: 'post', path: '/api/tokens', summary: 'Mint a token (TokenRequest), as the dashboard or a held token', body: mintRequestSchema, ok: { status: 201, schema: mintedTokenSchema } },
  { method: 'post', path: '/api/tokens/import', summary: 'Hold a token you already have', body: importRequestSchema, ok: { status: 201, schema: mintedTokenSchema } },
  { method: 'delete', path: tok, summary: 'Forget a token', ok: { status: 204, description: 'forgotten' } },
  { method: 'post', path: `${tok}/reveal`, summary: 'The raw token (explicit, no-store; off in presenter-safe mode)', ok: { status: 200, schema: revealSchema } },
  { method: 'post', path: `${tok}/requests`, summary: 'A real read made with the token; 200 with the API server’s answer', body: tryRequestSchema, ok: { status: 200, schema: tryResultSchema } },
  { method: 'post', path: `${tok}/whoami`, summary: 'SelfSubjectReview made with the token', ok: { status: 200, schema: whoamiResultSchema } },
  { method: 'post', path: `${tok}/review`, summary: 'TokenReview of the token', ok: { status: 200, schema: reviewResultSchema } },
  { method: 'post', path: `${tok}/probe`, summary: 'Use the token now and record the answer', ok: { status: 200, schema: mintedTokenSchema } },
  { method: 'get', path: '/api/session', summary: 'The mode and who is signed in (public)', ok: { status: 200, schema: sessionInfoSchema } },
  { method: 'post', path: '/api/session', summary: 'Sign in with your own bearer token (checked by the API server)', body: signInSchema, ok: { status: 200, schema: sessionInfoSchema } },
  { method: 'delete', path: '/api/session', summary: 'Sign out: the session and its tokens are dropped', ok: { status: 204, description: 'signed out' } },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', ok: { status: 200, description: 'OpenAPI 3.1' } },
];

function schema(s: z.ZodType): unknown {
  return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
}

/** The OpenAPI 3.1 document served at /api/openapi.json. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = op.query ? Object.keys((schema(op.query) as { properties?: object }).properties ?? {}).map((name) => ({ name, in: 'query', schema: { type: 'string' } })) : [];
    const item = paths[op.path] ?? {};
    paths[op.path] = item;
    item[op.method] = {
      summary: op.summary,
      parameters: [...params, ...query],
      ...(op.method !== 'get'
        ? { description: 'Needs Content-Type: application/json and X-Tokenscope-Request: 1; cross-site requests are refused (403).' }
        : {}),
      ...(op.body ? { requestBody: { required: !op.body.safeParse(undefined).success, content: { 'application/json': { schema: schema(op.body) } } } } : {}),
      responses: {
        [op.ok.status]: {
          description: op.ok.description ?? 'OK',
          ...(op.ok.schema || op.ok.contentType
            ? { content: { [op.ok.contentType ?? 'application/json']: op.ok.schema ? { schema: schema(op.ok.schema) } : {} } }
            : {}),
        },
        default: { description: 'Problem', content: { 'application/problem+json': { schema: schema(problemSchema) } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tokenscope', version: '0.1.0', description: 'Backend-for-frontend of the Tokenscope dashboard. Served only under its configured host names (loopback on its port, TOKENSCOPE_PUBLIC_URL): any other Host gets 421 forbidden:host.' },
    paths,
  };
}
