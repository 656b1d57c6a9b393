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
 * Calls `visit` with every line of the audit log and its backups written since `from`, oldest
 * file first, one line in memory at a time; lines longer than MAX_LINE_CHARS are skipped unread.
 * Returns the files read and the bytes. A backup rotated away while reading ends that file only.
 */
export async function eachAuditLine(
  path: string,
  from: number,
  visit: (line: string) => void,
): Promise<{ files: string[]; bytes: number }> {
  const files = await auditFiles(path, from);
  let bytes = 0;
  for (const f of files) {
    const stream = createReadStream(f.path, { encoding: 'utf8' });
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) {
        bytes += line.length + 1;
        if (line.length <= MAX_LINE_CHARS) visit(line);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    } finally {
      lines.close();
      stream.destroy();
    }
  }
  return { files: files.map((f) => basename(f.path)), bytes };
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
): Promise<{ used: UsedRequest[]; denied: UsedRequest[]; stats: AuditReadStats }> {
  const agg = new UseAggregator(username, from, to);
  const needle = JSON.stringify(username);
  let skipped = 0;
  const { files, bytes } = await eachAuditLine(path, from, (line) => {
    if (!line.includes(needle)) return;
    const record = parseAuditLine(line);
    if (record) agg.add(record);
    else skipped++;
  });
  const { used, denied } = agg.result();
  return {
    used,
    denied,
    stats: { files, bytes, events: agg.events, skipped, truncated: agg.truncated },
  };
}
