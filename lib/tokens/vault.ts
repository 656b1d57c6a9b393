import 'server-only';
import { randomBytes } from 'node:crypto';
import { AppError } from '@/lib/contracts/errors';
import type { MintedToken, Probe, TokenStatus } from '@/lib/contracts/tokens';
import { type Session, forEachSession } from '@/lib/http/session';
import { LEEWAY_SECONDS } from './lifecycle';

/**
 * A little past exp + leeway the raw token is dropped: the card's last probe (made just after the
 * leeway ends) still has it, and then only metadata stays, for the session history.
 */
export const HOLD_AFTER_LEEWAY_MS = 30_000;
const MAX_ENTRIES = 200;
const SWEEP_MS = 15_000;

type Meta = Omit<MintedToken, 'status' | 'held'>;

interface Entry {
  meta: Meta;
  forgotten: boolean;
}

/** A session's tokens. Secrets live in their own map so that metadata can never carry one. */
interface Vault {
  entries: Map<string, Entry>;
  secrets: Map<string, string>;
}

const VAULT_KEY = 'token-vault';

function vaultOf(session: Session): Vault {
  let v = session.state.get(VAULT_KEY) as Vault | undefined;
  if (!v) {
    v = { entries: new Map(), secrets: new Map() };
    session.state.set(VAULT_KEY, v);
  }
  return v;
}

function dropAt(meta: Meta): number {
  return Date.parse(meta.jwtExpiresAt) + LEEWAY_SECONDS * 1000 + HOLD_AFTER_LEEWAY_MS;
}

function sweep(v: Vault, now: number): void {
  for (const [id, e] of v.entries) {
    if (v.secrets.has(id) && now > dropAt(e.meta)) v.secrets.delete(id);
  }
}

/** What a token's status is now: time first, then what the API server last said. */
export function statusOf(meta: Meta, forgotten: boolean, now: number): TokenStatus {
  if (forgotten) return 'forgotten';
  const exp = Date.parse(meta.jwtExpiresAt);
  if (now > exp + LEEWAY_SECONDS * 1000) return 'rejected';
  if (now > exp) return 'expired';
  // Rejected before its time: the bound object or the ServiceAccount is gone.
  if (meta.lastProbe && meta.lastProbe.status === 401) return 'revoked';
  return 'valid';
}

function toDto(v: Vault, id: string, e: Entry, now: number): MintedToken {
  return { ...e.meta, status: statusOf(e.meta, e.forgotten, now), held: v.secrets.has(id) };
}

/** Puts a token in the session's vault and returns its browser-safe description. */
export function holdToken(session: Session, token: string, meta: Omit<Meta, 'id'>, now = Date.now()): MintedToken {
  const v = vaultOf(session);
  sweep(v, now);
  const id = `tok_${randomBytes(18).toString('base64url')}`;
  const entry: Entry = { meta: { ...meta, id }, forgotten: false };
  v.entries.set(id, entry);
  v.secrets.set(id, token);
  while (v.entries.size > MAX_ENTRIES) {
    const oldest = v.entries.keys().next().value;
    if (oldest === undefined) break;
    v.entries.delete(oldest);
    v.secrets.delete(oldest);
  }
  return toDto(v, id, entry, now);
}

/** Every token of the session, newest first (metadata only). */
export function listTokens(session: Session, now = Date.now()): MintedToken[] {
  const v = vaultOf(session);
  sweep(v, now);
  return [...v.entries].map(([id, e]) => toDto(v, id, e, now)).reverse();
}

/** One token's description. Throws `not-found:token`. */
export function describeToken(session: Session, id: string, now = Date.now()): MintedToken {
  const v = vaultOf(session);
  sweep(v, now);
  const e = v.entries.get(id);
  if (!e) throw new AppError('not-found:token', 'No such token in this session.');
  return toDto(v, id, e, now);
}

/**
 * The raw token, for a call made with it or an explicit reveal. Fails closed: a token that is
 * unknown, forgotten or already dropped is `not-found:token`, never replaced by another identity.
 */
export function secretOf(session: Session, id: string, now = Date.now()): string {
  const v = vaultOf(session);
  sweep(v, now);
  const e = v.entries.get(id);
  const secret = v.secrets.get(id);
  if (!e || e.forgotten || secret === undefined) {
    throw new AppError(
      'not-found:token',
      e ? 'This token is no longer held: it expired past the leeway or was forgotten.' : 'No such token in this session.',
    );
  }
  return secret;
}

/** Records the answer of a probe made with the token. */
export function recordProbe(session: Session, id: string, probe: Probe): void {
  const e = vaultOf(session).entries.get(id);
  if (e) e.meta = { ...e.meta, lastProbe: probe };
}

/** Drops the raw token at once and keeps its metadata in the history as forgotten. */
export function forgetToken(session: Session, id: string): void {
  const v = vaultOf(session);
  const e = v.entries.get(id);
  if (!e) throw new AppError('not-found:token', 'No such token in this session.');
  e.forgotten = true;
  v.secrets.delete(id);
}

/** Drops expired secrets from every session's vault, so none lingers in memory past its time. */
export function sweepAllVaults(now = Date.now()): void {
  forEachSession((s) => {
    const v = s.state.get(VAULT_KEY) as Vault | undefined;
    if (v) sweep(v, now);
  });
}

const g = globalThis as { __tokenscopeVaultSweep?: ReturnType<typeof setInterval> };
if (!g.__tokenscopeVaultSweep) {
  g.__tokenscopeVaultSweep = setInterval(() => sweepAllVaults(), SWEEP_MS);
  g.__tokenscopeVaultSweep.unref?.();
}
