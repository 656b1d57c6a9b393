import { AppError } from '@/lib/contracts/errors';
import { tokenParamsSchema } from '@/lib/contracts/tokens';
import { env } from '@/lib/env';
import { json, route } from '@/lib/http/route';
import { log } from '@/lib/log/logger';
import { describeToken, secretOf } from '@/lib/tokens/vault';

/** The only route that returns a raw token: an explicit request, never cached, off in presenter-safe mode. */
export const POST = route({ params: tokenParamsSchema, rateLimit: 'try' }, async ({ params, session }) => {
  if (env().presenterSafe) throw new AppError('forbidden:presenter-safe', 'Presenter-safe mode is on: tokens cannot be revealed.');
  const token = secretOf(session, params.id);
  log.info('token revealed', { jti: describeToken(session, params.id).jti });
  return json({ token });
});
