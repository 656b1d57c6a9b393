import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import type { ImportRequest, MintedToken, MintRequest } from '@/lib/contracts/tokens';
import { env } from '@/lib/server/env';
import { serviceAccountUsername } from '@/lib/k8s/serviceaccount-identity';
import { clientsForToken, type RequestClients } from '@/lib/kube/clients';
import { dashboardUsername } from '@/lib/kube/identity';
import { requestToken } from '@/lib/kube/tokens';
import { log } from '@/lib/server/log/logger';
import type { Session } from '@/lib/server/session/session';
import { TokenDecodeError } from '../../tokens/claims';
import { describeJwt } from '../../tokens/describe';
import { describeToken, holdToken, secretOf } from './vault';

/**
 * Mints a token with the TokenRequest API, as the caller (`clients.forCaller`) or as a held token
 * (`actAs`; the API server decides whether that identity may mint), and keeps it in the session's vault.
 * Throws `forbidden:read-only`, `not-found:token`, and the API server's own failures (422, 403, 404).
 */
export async function mintToken(
  clients: RequestClients,
  session: Session,
  req: MintRequest,
): Promise<MintedToken> {
  if (env().readOnly)
    throw new AppError('forbidden:read-only', 'Tokenscope runs read-only: minting is turned off.');
  const actor = req.actAs ? describeToken(session, req.actAs) : undefined;
  // A held token acting as the minter is used on its own cluster only, which must be this one.
  const minter = req.actAs
    ? clientsForToken(secretOf(session, req.actAs, clients.context), clients.context)
    : clients.forCaller;
  const user = session.signedIn?.user.username;
  // Neither a held token nor a user: the caller is the dashboard, named by its own SelfSubjectReview.
  // Asked beside the TokenRequest, not after it; it never rejects, so a failed mint leaves nothing behind.
  const dashboardName = actor || user ? undefined : dashboardUsername(clients.asDashboard);
  const issued = await requestToken(minter, {
    namespace: req.namespace,
    serviceAccount: req.serviceAccount,
    expirationSeconds: req.expirationSeconds,
    audiences: req.audiences,
    boundObjectRef: req.boundObjectRef,
  });
  const mintedBy: MintedToken['mintedBy'] = actor
    ? {
        kind: 'token',
        tokenId: actor.id,
        subject: serviceAccountUsername(actor.namespace, actor.serviceAccount),
      }
    : user
      ? { kind: 'user', subject: user }
      : { kind: 'dashboard', subject: (await dashboardName) ?? 'dashboard' };
  const meta = describeJwt(issued.token, {
    origin: 'minted',
    mintedBy,
    expirationTimestamp: issued.expirationTimestamp,
    requestedExpirationSeconds: req.expirationSeconds,
    grantedExpirationSeconds: issued.grantedExpirationSeconds,
    warnings: issued.warnings,
  });
  const held = holdToken(session, issued.token, meta, clients.context);
  log.info('token minted', {
    jti: held.jti,
    subject: `${held.namespace}/${held.serviceAccount}`,
    by: mintedBy.subject,
  });
  return held;
}

/**
 * Holds a token the user already has (for example read from a pod) as a token of cluster `context`,
 * the one whose pages it was pasted on: it is sent to no other. Throws `invalid:request`.
 */
export function importToken(session: Session, req: ImportRequest, context: string): MintedToken {
  const token = req.token.trim().replace(/^Bearer\s+/i, '');
  let meta: ReturnType<typeof describeJwt>;
  try {
    meta = describeJwt(token, {
      origin: 'imported',
      label: req.label,
      mintedBy: { kind: 'import', subject: 'you' },
    });
  } catch (err) {
    if (err instanceof TokenDecodeError) {
      throw new AppError(
        'invalid:request',
        err.reason === 'times'
          ? err.message
          : 'That is not a JSON Web Token (a ServiceAccount token has three dot-separated parts).',
      );
    }
    throw err;
  }
  const held = holdToken(session, token, meta, context);
  log.info('token imported', { jti: held.jti, subject: `${held.namespace}/${held.serviceAccount}` });
  return held;
}
