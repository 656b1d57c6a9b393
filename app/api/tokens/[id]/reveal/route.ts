import { AppError } from '@/lib/contracts/errors';
import { revealSchema, tokenParamsSchema } from '@/lib/contracts/tokens';
import { env } from '@/lib/server/env';
import { json, route } from '@/lib/server/http/route';
import { log } from '@/lib/server/log/logger';
import { describeToken, secretOf } from '@/lib/server/tokens/vault';

/** The only route that returns a raw token: an explicit request, never cached, off in presenter-safe mode. */
export const POST = route(
  {
    summary: 'The raw token (explicit, no-store; off in presenter-safe mode)',
    params: tokenParamsSchema,
    rateLimit: 'try',
    responses: { 200: revealSchema },
  },
  async ({ req, params, session, cluster }) => {
    if (env().presenterSafe)
      throw new AppError('forbidden:presenter-safe', 'Presenter-safe mode is on: tokens cannot be revealed.');
    // The browser's presenter mode (a UI preference cookie) can only make this stricter.
    if (/(?:^|;\s*)tokenscope-presenter=1(?:;|$)/.test(req.headers.get('cookie') ?? '')) {
      throw new AppError(
        'forbidden:presenter-safe',
        'Presenter mode is on in this browser: turn it off to reveal a token.',
      );
    }
    const token = secretOf(session, params.id, cluster.name);
    log.info('token revealed', { jti: describeToken(session, params.id).jti });
    return json({ token });
  },
);
