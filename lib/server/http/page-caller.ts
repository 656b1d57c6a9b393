import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';
import type { KubeClients } from '@/lib/kube/clients';
import { type Session, findSession } from '@/lib/server/session/session';
import { requestClients } from './caller';
import { hostRefusal } from './hosts';
import { sessionCookieName } from './session-cookie';

/**
 * Throws `forbidden:host` (421) when the page was requested under a Host Tokenscope does not serve.
 * proxy.ts already refuses those; this holds where pages get sessions and clients even if a request
 * slips past the proxy's matcher (middleware is not a wall).
 */
async function requireServedHost(): Promise<void> {
  const refusal = hostRefusal(await headers());
  if (refusal) throw refusal;
}

/** The session of the browser rendering a page (server components cannot create one); none under a foreign Host. */
export async function pageSession(): Promise<Session | undefined> {
  if (hostRefusal(await headers())) return undefined;
  const jar = await cookies();
  const id = jar.get(sessionCookieName(true))?.value ?? jar.get(sessionCookieName(false))?.value;
  return findSession(id);
}

/** What a page may call the cluster with: only as its viewer, never as the dashboard on its own. */
export interface PageClients {
  /** As the page's viewer: the signed-in user in shared mode, the dashboard identity in local mode. */
  forCaller: KubeClients;
}

/**
 * Clients acting as the page's viewer, or the AppError that says why there are none (no cluster
 * configured); in shared mode without a sign-in, redirects to /signin.
 */
export async function pageClientsOrError(): Promise<
  { clients: PageClients; error?: undefined } | { clients?: undefined; error: AppError }
> {
  try {
    return { clients: await pageClients() };
  } catch (err) {
    if (err instanceof AppError) return { error: err };
    throw err;
  }
}

/**
 * Clients acting as the page's viewer; in shared mode without a sign-in, redirects to /signin.
 * Throws `forbidden:host` under a Host Tokenscope does not serve.
 */
async function pageClients(): Promise<PageClients> {
  await requireServedHost();
  const session = await pageSession();
  if (env().mode === 'shared' && !session?.signedIn) redirect('/signin');
  return { forCaller: requestClients(session).forCaller };
}
