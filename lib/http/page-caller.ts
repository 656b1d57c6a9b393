import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/env';
import type { KubeClients } from '@/lib/kube/clients';
import { callerClients, signedIn } from './caller';
import { type Session, findSession, sessionCookieName } from './session';

/** The session of the browser rendering a page (server components cannot create one). */
export async function pageSession(): Promise<Session | undefined> {
  const jar = await cookies();
  const id = jar.get(sessionCookieName(true))?.value ?? jar.get(sessionCookieName(false))?.value;
  return findSession(id);
}

/**
 * Clients acting as the page's viewer, or the AppError that says why there are none (no cluster
 * configured); in shared mode without a sign-in, redirects to /signin.
 */
export async function pageClientsOrError(): Promise<{ clients: KubeClients; error?: undefined } | { clients?: undefined; error: AppError }> {
  try {
    return { clients: await pageClients() };
  } catch (err) {
    if (err instanceof AppError) return { error: err };
    throw err;
  }
}

/** Clients acting as the page's viewer; in shared mode without a sign-in, redirects to /signin. */
export async function pageClients(): Promise<KubeClients> {
  const session = await pageSession();
  if (env().mode === 'shared' && !signedIn(session)) redirect('/signin');
  return callerClients(session);
}
