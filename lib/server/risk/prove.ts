import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import type { ProofResult, ProofStep, ProveRequest } from '@/lib/contracts/risk';
import type { TryRequest } from '@/lib/contracts/tokens';
import type { RequestClients } from '@/lib/kube/clients';
import { rbacSnapshot } from '@/lib/kube/rbac';
import { authorize } from '@/lib/rbac/decide';
import { serviceAccountUser } from '@/lib/rbac/identity';
import { env } from '@/lib/server/env';
import type { Session } from '@/lib/server/session/session';
import { mintToken } from '@/lib/server/tokens/mint';
import { tryWithToken, whoamiWithToken } from '@/lib/server/tokens/use';

/** The shortest lifetime the API server grants; proof tokens need no more. */
const PROOF_SECONDS = 600;

const label = (a: { namespace: string; name: string }) => `${a.namespace}/${a.name}`;

/**
 * Walks a chain of token mints with real TokenRequests: the first account's token is minted as the
 * caller (never silently as the dashboard: in shared mode that is the signed-in user), each next one
 * with the previous account's held token, each followed by a SelfSubjectReview with the new token;
 * then one read with the last token. Tokens stay in the session's vault. Every hop must be a mint the
 * engine claims (on the caller's view of RBAC), so the route is not a general minting proxy.
 * Throws `forbidden:read-only` and `invalid:request`; the API server's refusals are results.
 */
export async function proveChain(
  clients: RequestClients,
  session: Session,
  req: ProveRequest,
): Promise<ProofResult> {
  if (env().readOnly)
    throw new AppError(
      'forbidden:read-only',
      'Tokenscope runs read-only (TOKENSCOPE_READ_ONLY): a proof mints real tokens, so it is turned off.',
    );
  const { index } = await rbacSnapshot(clients.forCaller, { fresh: true });
  for (let i = 0; i + 1 < req.chain.length; i++) {
    const from = req.chain[i];
    const to = req.chain[i + 1];
    if (!from || !to) continue;
    const attrs = {
      verb: 'create',
      group: '',
      resource: 'serviceaccounts',
      subresource: 'token',
      namespace: to.namespace,
      name: to.name,
    };
    if (!authorize(index, serviceAccountUser(from.namespace, from.name), attrs).allowed)
      throw new AppError(
        'invalid:request',
        `body.chain: RBAC does not let ${label(from)} mint a token for ${label(to)}, so there is nothing to prove.`,
      );
  }
  const steps: ProofStep[] = [];
  let previous: string | undefined;
  let previousAccount: string | undefined;
  for (const account of req.chain) {
    const as = previousAccount ? `ServiceAccount ${previousAccount} (its minted token)` : 'you';
    const action = `mint a token for ${label(account)}`;
    try {
      const held = await mintToken(clients, session, {
        namespace: account.namespace,
        serviceAccount: account.name,
        expirationSeconds: PROOF_SECONDS,
        ...(previous ? { actAs: previous } : {}),
      });
      const who = await whoamiWithToken(session, held.id, clients.context);
      steps.push({
        action,
        as,
        status: 201,
        message: 'minted',
        tokenId: held.id,
        whoami: { status: who.status, ...(who.user ? { username: who.user.username } : {}) },
      });
      previous = held.id;
      previousAccount = label(account);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'unavailable:kube' || err.code === 'timeout:kube')
        throw err;
      const message = previousAccount
        ? err.detail
        : `You may not mint a token for ${label(account)}, so the chain cannot start: ${err.detail}`;
      steps.push({ action, as, status: err.status, message });
      return { proven: false, steps };
    }
  }
  const last = req.chain.at(-1);
  if (!previous || !last) return { proven: false, steps };
  const check: TryRequest = req.check ?? {
    verb: 'list',
    group: '',
    resource: 'pods',
    namespace: last.namespace,
  };
  const result = await tryWithToken(session, previous, check, clients.context);
  const where = check.namespace ? ` in ${check.namespace}` : ' in all namespaces';
  return {
    proven: result.status >= 200 && result.status < 300 && steps.every((s) => s.status === 201),
    steps,
    check: {
      request: `${check.verb} ${check.resource}${check.group ? `.${check.group}` : ''}${where} as ${label(last)}`,
      status: result.status,
      message: result.message,
      kubectl: result.kubectl,
    },
  };
}
