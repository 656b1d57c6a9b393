import 'server-only';
import { randomBytes } from 'node:crypto';
import { AppError } from '@/lib/contracts/errors';
import type { MintedToken, Probe, TokenStatus } from '@/lib/contracts/tokens';
import { LEEWAY_SECONDS } from '@/lib/k8s/token-lifetime';
import { type Session, forEachSession } from '@/lib/server/session/session';

/**
 * A little past exp + leeway the raw token is dropped: the card's last probe (made just after the
 * leeway ends) still has it, and then only metadata stays, for the session history.
 */
export const HOLD_AFTER_LEEWAY_MS = 30_000;
/**
 * An imported token without `exp` (a legacy Secret-based token never expires) is dropped this long
 * after it was imported: the server must not hold a credential that lives forever.
 */
export const HOLD_WITHOUT_EXP_MS = 60 * 60 * 1000;
/** Per session: beyond it the session's own oldest entry goes. */
const MAX_ENTRIES = 200;
/**
 * Over all sessions (every vault, entries and bytes, the raw tokens plus their decoded metadata):
 * beyond it new tokens are refused, never someone else's dropped. 13,213 imports of 16 KiB tokens
 * once exhausted a 448 MB heap; this bound keeps the vaults to a few tens of MB of JS heap.
 */
export const MAX_VAULT_ENTRIES = 5000;
export const MAX_VAULT_BYTES = 16 * 1024 * 1024;
const SWEEP_MS = 15_000;

type Meta = Omit<MintedToken, 'status' | 'held'>;

export interface VaultEntry {
  meta: Meta;
  /**
   * The kubeconfig context the token belongs to: where it was minted, or the cluster whose pages
   * it was pasted on. It is sent to that cluster's API server only.
   */
  context: string;
  forgotten: boolean;
  /** When the vault took it (ms). */
  heldAt: number;
  /** Bytes of the metadata (as JSON) and of the raw token while held. */
  metaBytes: number;
  secretBytes: number;
}

/** A session's tokens. Secrets live in their own map so that metadata can never carry one. */
export interface Vault {
  entries: Map<string, VaultEntry>;
  secrets: Map<string, string>;
  /** Sum of the entries' bytes, kept up to date so the global bound costs O(sessions). */
  bytes: number;
}

// A session that holds tokens (held or in its history) is never evicted to make room for another
// (isEmptySession in lib/server/session/session.ts).
function vaultOf(session: Session): Vault {
  session.vault ??= { entries: new Map(), secrets: new Map(), bytes: 0 };
  return session.vault;
}

function dropAt(e: VaultEntry): number {
  if (e.meta.origin === 'imported' && typeof e.meta.claims.exp !== 'number')
    return e.heldAt + HOLD_WITHOUT_EXP_MS;
  return Date.parse(e.meta.jwtExpiresAt) + LEEWAY_SECONDS * 1000 + HOLD_AFTER_LEEWAY_MS;
}

function dropSecret(v: Vault, id: string, e: VaultEntry): void {
  v.secrets.delete(id);
  v.bytes -= e.secretBytes;
  e.secretBytes = 0;
}

function dropEntry(v: Vault, id: string): void {
  const e = v.entries.get(id);
  if (!e) return;
  dropSecret(v, id, e);
  v.bytes -= e.metaBytes;
  v.entries.delete(id);
}

function sweep(v: Vault, now: number): void {
  for (const [id, e] of v.entries) {
    if (v.secrets.has(id) && now > dropAt(e)) dropSecret(v, id, e);
  }
}

/** Entries and bytes held over every session's vault. */
export function vaultUsage(): { entries: number; bytes: number } {
  let entries = 0;
  let bytes = 0;
  forEachSession((s) => {
    const v = s.vault;
    if (v) {
      entries += v.entries.size;
      bytes += v.bytes;
    }
  });
  return { entries, bytes };
}

/**
 * Refuses a new entry that would take the vaults over their global bound. An entry the session
 * itself would evict (its own oldest, at its own cap) frees its room first.
 */
function requireRoom(v: Vault, bytes: number): void {
  const used = vaultUsage();
  const oldest = v.entries.size >= MAX_ENTRIES ? v.entries.values().next().value : undefined;
  const freedEntries = oldest ? 1 : 0;
  const freedBytes = oldest ? oldest.metaBytes + oldest.secretBytes : 0;
  if (
    used.entries - freedEntries + 1 > MAX_VAULT_ENTRIES ||
    used.bytes - freedBytes + bytes > MAX_VAULT_BYTES
  ) {
    throw new AppError(
      'unavailable:server',
      'Tokenscope holds as many tokens as it may; forget some or try again later.',
      {
        retryAfter: 60,
      },
    );
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

function toDto(v: Vault, id: string, e: VaultEntry, now: number): MintedToken {
  return { ...e.meta, status: statusOf(e.meta, e.forgotten, now), held: v.secrets.has(id) };
}

/** Puts a token of cluster `context` in the session's vault and returns its browser-safe description. */
export function holdToken(
  session: Session,
  token: string,
  meta: Omit<Meta, 'id'>,
  context: string,
  now = Date.now(),
): MintedToken {
  const v = vaultOf(session);
  sweep(v, now);
  const id = `tok_${randomBytes(18).toString('base64url')}`;
  const full = { ...meta, id };
  const entry: VaultEntry = {
    meta: full,
    context,
    forgotten: false,
    heldAt: now,
    metaBytes: JSON.stringify(full).length,
    secretBytes: token.length,
  };
  requireRoom(v, entry.metaBytes + entry.secretBytes);
  v.entries.set(id, entry);
  v.secrets.set(id, token);
  v.bytes += entry.metaBytes + entry.secretBytes;
  while (v.entries.size > MAX_ENTRIES) {
    const oldest = v.entries.keys().next().value;
    if (oldest === undefined) break;
    dropEntry(v, oldest);
  }
  return toDto(v, id, entry, now);
}

/** Every token the session holds for cluster `context`, newest first (metadata only). */
export function listTokens(session: Session, context: string, now = Date.now()): MintedToken[] {
  const v = vaultOf(session);
  sweep(v, now);
  return [...v.entries]
    .filter(([, e]) => e.context === context)
    .map(([id, e]) => toDto(v, id, e, now))
    .reverse();
}

/** The context a held token belongs to. Throws `not-found:token`. */
export function tokenContext(session: Session, id: string): string {
  const e = vaultOf(session).entries.get(id);
  if (!e) throw new AppError('not-found:token', 'No such token in this session.');
  return e.context;
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
 * The raw token, for a call made with it on cluster `context` or an explicit reveal there. Fails
 * closed: a token that is unknown, forgotten or already dropped is `not-found:token`, never
 * replaced by another identity; a token of another cluster is `forbidden:cluster` (it would be sent
 * to an API server that did not issue it).
 */
export function secretOf(session: Session, id: string, context: string, now = Date.now()): string {
  const v = vaultOf(session);
  sweep(v, now);
  const e = v.entries.get(id);
  const secret = v.secrets.get(id);
  if (e && e.context !== context) {
    throw new AppError(
      'forbidden:cluster',
      `This token belongs to cluster “${e.context}”; this is cluster “${context}”. A token is sent only to the cluster it belongs to.`,
      { hints: [`Use it on cluster “${e.context}”, or mint one here.`] },
    );
  }
  if (!e || e.forgotten || secret === undefined) {
    throw new AppError(
      'not-found:token',
      e
        ? 'This token is no longer held: it expired past the leeway or was forgotten.'
        : 'No such token in this session.',
    );
  }
  return secret;
}

/**
 * Records the answer of a probe made with the token; `probe.at` is when it was asked. An answer to
 * an earlier question never replaces a later one: two probes can overlap (the card asks at exp and
 * again when the leeway ends), and on a busy server the first one's 201 may come back after the
 * second one's 401.
 */
export function recordProbe(session: Session, id: string, probe: Probe): void {
  const v = vaultOf(session);
  const e = v.entries.get(id);
  if (!e) return;
  const before = e.meta.lastProbe;
  if (before && Date.parse(before.at) > Date.parse(probe.at)) return;
  e.meta = { ...e.meta, lastProbe: probe };
  const metaBytes = JSON.stringify(e.meta).length;
  v.bytes += metaBytes - e.metaBytes;
  e.metaBytes = metaBytes;
}

/** Drops the raw token at once and keeps its metadata in the history as forgotten. */
export function forgetToken(session: Session, id: string): void {
  const v = vaultOf(session);
  const e = v.entries.get(id);
  if (!e) throw new AppError('not-found:token', 'No such token in this session.');
  e.forgotten = true;
  dropSecret(v, id, e);
}

/** Drops expired secrets from every session's vault, so none lingers in memory past its time. */
export function sweepAllVaults(now = Date.now()): void {
  forEachSession((s) => {
    const v = s.vault;
    if (v) sweep(v, now);
  });
}

const g = globalThis as { __tokenscopeVaultSweep?: ReturnType<typeof setInterval> };
if (!g.__tokenscopeVaultSweep) {
  g.__tokenscopeVaultSweep = setInterval(() => sweepAllVaults(), SWEEP_MS);
  g.__tokenscopeVaultSweep.unref?.();
}
