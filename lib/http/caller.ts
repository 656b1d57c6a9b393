import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '@/lib/contracts/errors';
import type { UserInfo } from '@/lib/contracts/identity';
import { env } from '@/lib/env';
import { type KubeClients, clientsForToken, dashboardClients } from '@/lib/kube/clients';
import { type Session, keepSessionWhile } from './session';

const IDENTITY_KEY = 'signed-in';
// A signed-in session is never evicted to make room for another (one user's sign-ins must not sign
// another user out).
keepSessionWhile('sign-in', (s) => s.state.has(IDENTITY_KEY));

/** A browser user's own identity in shared mode: their bearer token stays here, server-side. */
export interface SignedIn {
  token: string;
  user: UserInfo;
}

const g = globalThis as { __tokenscopeCaller?: AsyncLocalStorage<Session> };
g.__tokenscopeCaller ??= new AsyncLocalStorage<Session>();
const current = g.__tokenscopeCaller;

/** Runs fn with `session` as the caller (the route wrapper does this for every request). */
export function runAsCaller<T>(session: Session, fn: () => T): T {
  return current.run(session, fn);
}

/** Records who signed in to this session. */
export function signIn(session: Session, identity: SignedIn): void {
  session.state.set(IDENTITY_KEY, identity);
}

/** Who signed in to this session, if anyone. */
export function signedIn(session: Session | undefined): SignedIn | undefined {
  return session?.state.get(IDENTITY_KEY) as SignedIn | undefined;
}

/**
 * Clients acting as the caller of the current request: in shared mode the signed-in user's own
 * token, in local mode the dashboard identity. Shared mode never falls back to the dashboard
 * identity: without a signed-in user it throws `unauthorized:session`.
 */
export function callerClients(session: Session | undefined = current.getStore()): KubeClients {
  const me = signedIn(session);
  if (me) return clientsForToken(me.token);
  if (env().mode === 'shared') throw new AppError('unauthorized:session', 'Sign in first: this Tokenscope is shared and acts as you.');
  return dashboardClients();
}
