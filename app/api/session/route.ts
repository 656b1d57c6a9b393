import { AppError } from '@/lib/contracts/errors';
import { sessionInfoSchema, signInSchema } from '@/lib/contracts/session';
import { env } from '@/lib/server/env';
import { secureRequest } from '@/lib/server/http/hosts';
import { takeSignInToken } from '@/lib/server/http/rate-limit';
import { json, route } from '@/lib/server/http/route';
import { sessionCookie, sessionCookieName } from '@/lib/server/http/session-cookie';
import { selfSubjectReview } from '@/lib/kube/identity';
import { clientsForToken } from '@/lib/kube/clients';
import { log } from '@/lib/server/log/logger';
import { createSession, endSession } from '@/lib/server/session/session';

export const dynamic = 'force-dynamic';

function cookieName(req: Request): { name: string; secure: boolean } {
  const secure = secureRequest(req.headers);
  return { name: sessionCookieName(secure), secure };
}

export const GET = route(
  { summary: 'The mode and who is signed in (public)', public: true, responses: { 200: sessionInfoSchema } },
  async ({ session }) => json({ mode: env().mode, user: session.signedIn?.user ?? null }),
);

/** Sign in with your own bearer token: the API server checks it; a fresh session is made. */
export const POST = route(
  {
    summary: 'Sign in with your own bearer token (checked by the API server)',
    signIn: true,
    body: signInSchema,
    responses: { 200: sessionInfoSchema },
  },
  async ({ req, session, body, cluster }) => {
    const limited = !env().rateLimitOff;
    // The client key is best effort (Next fills X-Forwarded-For from the socket only when the request
    // has none); the server-wide bucket is what bounds a flood, before any call to the API server.
    if (limited) takeSignInToken({ client: req.headers.get('x-forwarded-for') ?? '' });
    let user: Awaited<ReturnType<typeof selfSubjectReview>>;
    try {
      // Checked by the API server of the cluster signed in on (`?cluster=`), the only one it is sent to.
      user = await selfSubjectReview(clientsForToken(body.token.trim(), cluster.name));
    } catch (err) {
      if (err instanceof AppError && err.status === 401) {
        throw new AppError(
          'unauthorized:kube',
          'The API server did not accept this token (401). Check that it is complete and not expired.',
        );
      }
      throw err;
    }
    // One user signing in again and again must not fill the store for everyone else.
    if (limited) takeSignInToken({ user: user.username });
    if (session.id) endSession(session.id);
    const fresh = createSession();
    fresh.signedIn = { token: body.token.trim(), user, context: cluster.name };
    log.info('signed in', { user: user.username });
    const { name, secure } = cookieName(req);
    return json({ mode: env().mode, user }, 200, { 'Set-Cookie': sessionCookie(name, fresh.id, secure) });
  },
);

/** Sign out: the session and every token it held are dropped. */
export const DELETE = route(
  {
    summary: 'Sign out: the session and its tokens are dropped',
    public: true,
    responses: { 204: { description: 'signed out' } },
  },
  async ({ req, session }) => {
    if (session.id) endSession(session.id);
    const { name, secure } = cookieName(req);
    return new Response(null, {
      status: 204,
      headers: { 'Cache-Control': 'no-store', 'Set-Cookie': sessionCookie(name, '', secure, 0) },
    });
  },
);
