import 'server-only';
import {
  LongLivedMintAggregator,
  type LongLivedMints,
  STALE_TOKEN_ANNOTATION,
  StaleTokenAggregator,
  type StaleTokenSection,
  type StaleTokenUser,
  staleUseOf,
  tokenMintOf,
} from '@/lib/tokens/stale-tokens';
import {
  AccountActivityAggregator,
  type AccountActivity,
  accountCallOf,
  eventTimeOf,
} from '@/lib/tokens/account-activity';
import { auditState } from './least-privilege';
import { eachAuditLine } from './read';

export interface StaleTokenRead {
  users: StaleTokenUser[];
  /** TokenRequests that asked for more than LONG_LIFETIME_SECONDS. */
  longMints: LongLivedMints[];
  /** Every ServiceAccount that made a request in the window. */
  activity: AccountActivity[];
  /** The oldest event in the window: before it the log knows nothing (it may be younger than the window). */
  firstEvent?: number;
  /** The files read (the log and its rotated backups in the window), and how much. */
  files: string[];
  bytes: number;
  /** More (account, pod) pairs than are kept, or more log than MAX_AUDIT_BYTES: the list is incomplete. */
  truncated: boolean;
}

/**
 * Streams the audit log and its rotated backups written since `from` and collects the requests
 * made with stale tokens, by ServiceAccount and pod. One line in memory at a time; lines without
 * the stale-token annotation are skipped before any JSON parse.
 */
export async function readStaleTokens(path: string, from: number): Promise<StaleTokenRead> {
  const agg = new StaleTokenAggregator(from);
  const mints = new LongLivedMintAggregator(from);
  const activity = new AccountActivityAggregator(from);
  let firstEvent: number | undefined;
  const { files, bytes, cut } = await eachAuditLine(path, from, (line) => {
    // Files come oldest first and lines in order: the first event in the window is the oldest.
    if (firstEvent === undefined) {
      const at = eventTimeOf(line);
      if (at !== undefined && at >= from) firstEvent = at;
    }
    if (line.includes('"username":"system:serviceaccount:')) {
      const call = accountCallOf(line);
      if (call) activity.add(call);
    }
    // Most lines are neither: skip the JSON parse for them.
    const stale = line.includes(STALE_TOKEN_ANNOTATION);
    const mint = line.includes('"subresource":"token"');
    if (!line.startsWith('{') || (!stale && !mint)) return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return;
    }
    const use = stale ? staleUseOf(event) : undefined;
    if (use) agg.add(use);
    const minted = mint ? tokenMintOf(event) : undefined;
    if (minted) mints.add(minted);
  });
  return {
    users: agg.result(),
    longMints: mints.result(),
    activity: activity.result(),
    ...(firstEvent === undefined ? {} : { firstEvent }),
    files,
    bytes,
    truncated: agg.truncated || mints.truncated || activity.truncated || cut,
  };
}

/** How far back the stale-token list looks: the local control plane keeps its audit log 7 days. */
export const STALE_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * The stale-token uses of the last STALE_WINDOW_MS, only for the ServiceAccounts the caller could
 * list (the audit log is the server's file, not the caller's: it must not show more than their rights).
 */
export async function staleTokensFor(
  visible: Set<string>,
  now = Date.now(),
  context?: string,
): Promise<StaleTokenSection> {
  const state = await auditState(context);
  if ('reason' in state) return { configured: false, reason: state.reason };
  const from = now - STALE_WINDOW_MS;
  const read = await readStaleTokens(state.path, from);
  const users = read.users.filter((u) => visible.has(`${u.namespace}/${u.serviceAccount}`));
  const longMints = read.longMints.filter((m) => visible.has(`${m.namespace}/${m.serviceAccount}`));
  const activity = read.activity.filter((a) => visible.has(`${a.namespace}/${a.serviceAccount}`));
  return {
    configured: true,
    users,
    longMints,
    activity,
    ...(read.firstEvent === undefined ? {} : { recordsSince: new Date(read.firstEvent).toISOString() }),
    hidden: read.users.length - users.length + read.longMints.length - longMints.length,
    files: read.files,
    truncated: read.truncated,
    since: new Date(from).toISOString(),
  };
}
