import 'server-only';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import {
  StaleTokenAggregator,
  type StaleTokenSection,
  type StaleTokenUser,
  staleUseOfLine,
} from '@/lib/tokens/stale-tokens';
import { auditState } from './least-privilege';
import { auditFiles } from './read';

/** Lines longer than this are skipped unparsed (a Metadata-level event is well under 4 KiB). */
const MAX_LINE_CHARS = 256 * 1024;

export interface StaleTokenRead {
  users: StaleTokenUser[];
  /** The files read (the log and its rotated backups in the window), and how much. */
  files: string[];
  bytes: number;
  /** More (account, pod) pairs than are kept: the list is incomplete. */
  truncated: boolean;
}

/**
 * Streams the audit log and its rotated backups written since `from` and collects the requests
 * made with stale tokens, by ServiceAccount and pod. One line in memory at a time; lines without
 * the stale-token annotation are skipped before any JSON parse.
 */
export async function readStaleTokens(path: string, from: number): Promise<StaleTokenRead> {
  const agg = new StaleTokenAggregator(from);
  const files = await auditFiles(path, from);
  let bytes = 0;
  for (const f of files) {
    const stream = createReadStream(f.path, { encoding: 'utf8' });
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) {
        bytes += line.length + 1;
        if (line.length > MAX_LINE_CHARS) continue;
        const use = staleUseOfLine(line);
        if (use) agg.add(use);
      }
    } catch (e) {
      // A backup rotated away while reading: keep what was read.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    } finally {
      lines.close();
      stream.destroy();
    }
  }
  return { users: agg.result(), files: files.map((f) => basename(f.path)), bytes, truncated: agg.truncated };
}

/** How far back the stale-token list looks: the local control plane keeps its audit log 7 days. */
export const STALE_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * The stale-token uses of the last STALE_WINDOW_MS, only for the ServiceAccounts the caller could
 * list (the audit log is the server's file, not the caller's: it must not show more than their rights).
 */
export async function staleTokensFor(visible: Set<string>, now = Date.now()): Promise<StaleTokenSection> {
  const state = await auditState();
  if ('reason' in state) return { configured: false, reason: state.reason };
  const from = now - STALE_WINDOW_MS;
  const read = await readStaleTokens(state.path, from);
  const users = read.users.filter((u) => visible.has(`${u.namespace}/${u.serviceAccount}`));
  return {
    configured: true,
    users,
    hidden: read.users.length - users.length,
    files: read.files,
    truncated: read.truncated,
    since: new Date(from).toISOString(),
  };
}
