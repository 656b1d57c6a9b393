import 'server-only';
import type { z } from 'zod';
import { AppError, toProblem } from '@/lib/contracts/errors';
import type { OperationSpec } from '@/lib/contracts/openapi';
import { env } from '@/lib/server/env';
import { CLUSTER_PARAM } from '@/lib/contracts/cluster-path';
import type { RequestClients } from '@/lib/kube/clients';
import { type ClusterRef, currentCluster } from '@/lib/kube/contexts';
import { log } from '@/lib/server/log/logger';
import { type Session, createSession, ephemeralSession, findSession } from '@/lib/server/session/session';
import { readBodyText } from './body';
import { requestClients } from './caller';
import { requestCluster } from './cluster';
import { csrfRefusal } from './csrf';
import { hostRefusal, secureRequest, servedOrigins } from './hosts';
import { type RateLimitName, takeRateToken } from './rate-limit';
import { readCookie, sessionCookie, sessionCookieName } from './session-cookie';

/** Methods that change nothing, so never need a stored session. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * A route's whole contract, declared once in its route.ts: route() enforces it and
 * /api/openapi.json documents it (lib/contracts/openapi.ts).
 */
export interface RouteSpec<
  B extends Schema | undefined,
  P extends Schema | undefined,
  Q extends Schema | undefined,
> extends OperationSpec {
  body?: B;
  params?: P;
  query?: Q;
  /** A route that needs no session (health checks). */
  public?: boolean;
  /** Per-session rate limit for costly or sensitive actions (minting, calls with a token). */
  rateLimit?: RateLimitName;
  /** The sign-in route: reachable without a signed-in session (it makes one). */
  signIn?: boolean;
}

export interface RouteContext<B, P, Q> {
  req: Request;
  session: Session;
  /** The cluster this request is for (`?cluster=`, else the kubeconfig's current context). */
  cluster: ClusterRef;
  /** The Kubernetes clients of this request, on its cluster, named by whose credentials they carry. */
  clients: RequestClients;
  body: Out<B>;
  params: Out<P>;
  query: Out<Q>;
}

type NextContext = { params: Promise<Record<string, string | string[]>> };

/** A Next route handler that carries the spec it was made from (read by /api/openapi.json). */
export type RouteHandler = ((req: Request, ctx: NextContext) => Promise<Response>) & {
  readonly spec: OperationSpec;
};

function parse<S extends Schema>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.length ? `${where}.${issue.path.join('.')}` : where;
  throw new AppError('invalid:request', `${path}: ${issue?.message ?? 'invalid'}`);
}

async function readJson(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid:request', 'Body is not valid JSON.');
  }
}

/** A JSON response; every API response is `no-store` (many derive from tokens). */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

export function created(data: unknown): Response {
  return json(data, 201);
}

function problem(err: AppError): Response {
  return Response.json(toProblem(err), {
    status: err.status,
    headers: {
      'Cache-Control': 'no-store',
      'Content-Type': 'application/problem+json',
      ...(err.retryAfter ? { 'Retry-After': String(err.retryAfter) } : {}),
    },
  });
}

/**
 * Wraps a route handler: refuses a Host Tokenscope does not serve (421), resolves the caller's
 * session (local mode stores one for a same-origin mutation; shared mode needs a sign-in and fails
 * closed), refuses cross-site mutations, parses params, query and body with zod, and turns every
 * failure into problem JSON. Middleware is never relied on for any of this.
 */
export function route<
  B extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
>(spec: RouteSpec<B, P, Q>, handler: (ctx: RouteContext<B, P, Q>) => Promise<Response>): RouteHandler {
  const handle = async (req: Request, nextCtx: NextContext): Promise<Response> => {
    const setCookies: string[] = [];
    try {
      const url = new URL(req.url);
      // Before anything else (no session is made): a Host Tokenscope does not serve is DNS rebinding.
      const misdirected = hostRefusal(req.headers);
      if (misdirected) throw misdirected;
      const refusal = csrfRefusal(req.headers, req.method, servedOrigins());
      if (refusal) throw new AppError('forbidden:csrf', refusal);
      const secure = secureRequest(req.headers);
      const cookie = sessionCookieName(secure);
      const shared = env().mode === 'shared';
      let session = findSession(readCookie(req, cookie));
      // A stored session is made only for a same-origin mutation (the CSRF check above passed) and
      // only once its input is valid; sign-in makes its own. Reads and public routes without a cookie
      // run on an ephemeral session that is never stored, so no anonymous flood fills the store.
      let store = false;
      if (!session) {
        if (shared && !spec.public && !spec.signIn) {
          throw new AppError(
            'unauthorized:session',
            'Sign in first: this Tokenscope is shared and acts as you.',
          );
        }
        session = ephemeralSession();
        store = !spec.public && !spec.signIn && !safeMethods.has(req.method);
      }
      if (shared && !spec.public && !spec.signIn && !session.signedIn) {
        throw new AppError(
          'unauthorized:session',
          'Sign in first: this Tokenscope is shared and acts as you.',
        );
      }
      if (spec.rateLimit && !env().rateLimitOff) {
        takeRateToken(session.rateBuckets, spec.rateLimit, { user: session.signedIn?.user.username });
      }
      // Every route takes `?cluster=` (documented once for all in lib/contracts/openapi.ts); the
      // route's own query schema never sees it.
      const search = new URLSearchParams(url.searchParams);
      const slug = search.get(CLUSTER_PARAM) ?? undefined;
      search.delete(CLUSTER_PARAM);
      // Named: checked now (unknown is 404). Unnamed: the current context, read only when used, so
      // routes that touch no cluster (health) answer without a kubeconfig.
      const named = slug === undefined ? undefined : requestCluster(slug, req.headers);
      const cluster = () => named ?? currentCluster();
      const params = spec.params ? parse(spec.params, await nextCtx.params, 'params') : undefined;
      const query = spec.query ? parse(spec.query, Object.fromEntries(search), 'query') : undefined;
      const body = spec.body ? parse(spec.body, await readJson(req), 'body') : undefined;
      if (store) {
        session = createSession();
        setCookies.push(sessionCookie(cookie, session.id, secure));
      }
      const res = await handler({
        req,
        session,
        get cluster() {
          return cluster();
        },
        clients: requestClients(session, cluster),
        body,
        params,
        query,
      } as RouteContext<B, P, Q>);
      for (const c of setCookies) res.headers.append('Set-Cookie', c);
      return res;
    } catch (err) {
      const appError =
        err instanceof AppError ? err : new AppError('internal:server', 'Unexpected server error.');
      if (!(err instanceof AppError)) {
        log.error('route failed', {
          route: new URL(req.url).pathname,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      const res = problem(appError);
      for (const c of setCookies) res.headers.append('Set-Cookie', c);
      return res;
    }
  };
  return Object.assign(handle, { spec });
}
