import 'server-only';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditReadStats, UsedRequest } from '@/lib/contracts/least-privilege';
import { parseAuditLine, UseAggregator } from '@/lib/rbac/audit-use';

/** Lines longer than this are skipped unparsed (a Metadata-level event is well under 4 KiB). */
const MAX_LINE_CHARS = 256 * 1024;

/**
 * The audit log and its rotated backups (kube-apiserver rotates `audit.log` to
 * `audit-<timestamp>.log` beside it) whose last write falls in the window, oldest first.
 */
export async function auditFiles(
  path: string,
  from: number,
): Promise<{ path: string; size: number; mtime: number }[]> {
  const dir = dirname(path);
  const ext = extname(path);
  const stem = basename(path, ext);
  const names = await readdir(dir);
  const out: { path: string; size: number; mtime: number }[] = [];
  for (const n of names) {
    const rotated = n.startsWith(`${stem}-`) && n.endsWith(ext) && !n.endsWith('.gz');
    if (n !== basename(path) && !rotated) continue;
    try {
      const s = await stat(join(dir, n));
      if (s.isFile() && s.mtimeMs >= from) out.push({ path: join(dir, n), size: s.size, mtime: s.mtimeMs });
    } catch {
      // rotated away between readdir and stat
    }
  }
  return out.sort((a, b) => a.mtime - b.mtime);
}

/**
 * The most bytes of audit log one question reads. A busy cluster's log and its backups can reach
 * gigabytes; every read is a page view or an API call, so it must cost a bounded amount. The newest
 * bytes are kept: the window's most recent events are the ones the pages are about.
 */
export const MAX_AUDIT_BYTES = 256 * 1024 * 1024;

/** Which part of each file to read so that, newest first, at most `budget` bytes are read. */
export function newestWithin(
  files: { path: string; size: number; mtime: number }[],
  budget: number,
): { files: { path: string; start: number }[]; cut: boolean } {
  const out: { path: string; start: number }[] = [];
  let left = budget;
  let cut = false;
  for (let i = files.length - 1; i >= 0; i--) {
    const f = files[i];
    if (!f) continue;
    if (left <= 0) {
      cut = true;
      break;
    }
    const start = Math.max(0, f.size - left);
    if (start > 0) cut = true;
    out.unshift({ path: f.path, start });
    left -= f.size - start;
  }
  return { files: out, cut };
}

/**
 * Calls `visit` with every line of the audit log and its backups written since `from`, oldest
 * file first, one line in memory at a time; lines longer than MAX_LINE_CHARS are skipped unread.
 * At most `budget` bytes are read, the newest ones: `cut` says that older lines were left unread.
 * Returns the files read and the bytes. A backup rotated away while reading ends that file only.
 */
export async function eachAuditLine(
  path: string,
  from: number,
  visit: (line: string) => void,
  budget = MAX_AUDIT_BYTES,
): Promise<{ files: string[]; bytes: number; cut: boolean }> {
  const { files, cut } = newestWithin(await auditFiles(path, from), budget);
  let bytes = 0;
  for (const f of files) {
    const stream = createReadStream(f.path, { encoding: 'utf8', start: f.start });
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    // Started inside a file: its first line is a tail of a line, not an event.
    let partial = f.start > 0;
    try {
      for await (const line of lines) {
        bytes += line.length + 1;
        if (partial) partial = false;
        else if (line.length <= MAX_LINE_CHARS) visit(line);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    } finally {
      lines.close();
      stream.destroy();
    }
  }
  return { files: files.map((f) => basename(f.path)), bytes, cut };
}

/**
 * Streams the audit log (and backups) line by line and aggregates one user's requests in
 * [from, to]. Memory is bounded: one line at a time plus at most MAX_DISTINCT_REQUESTS entries.
 * Lines are pre-filtered by the username before JSON parsing; request/response bodies are never kept.
 */
export async function readUse(
  path: string,
  username: string,
  from: number,
  to: number,
  budget = MAX_AUDIT_BYTES,
): Promise<{ used: UsedRequest[]; denied: UsedRequest[]; stats: AuditReadStats }> {
  const agg = new UseAggregator(username, from, to);
  const needle = JSON.stringify(username);
  let skipped = 0;
  const { files, bytes, cut } = await eachAuditLine(
    path,
    from,
    (line) => {
      if (!line.includes(needle)) return;
      const record = parseAuditLine(line);
      if (record) agg.add(record);
      else skipped++;
    },
    budget,
  );
  const { used, denied } = agg.result();
  return {
    used,
    denied,
    stats: { files, bytes, events: agg.events, skipped, truncated: agg.truncated || cut },
  };
}
