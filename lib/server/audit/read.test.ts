import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFiles, eachAuditLine, newestWithin, readUse } from './read';

const dir = mkdtempSync(join(tmpdir(), 'lp-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const user = 'system:serviceaccount:demo:viewer';

function line(verb: string, at: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    stage: 'ResponseComplete',
    verb,
    user: { username: user },
    objectRef: { resource: 'pods', namespace: 'demo', apiVersion: 'v1' },
    responseStatus: { code: 200 },
    stageTimestamp: at,
    ...extra,
  });
}

describe('readUse', () => {
  it('reads audit.log and its rotated backups in the window, skips other files and broken lines', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    writeFileSync(
      join(dir, 'audit-2026-12-01T10-00-00.000.log'),
      `${line('list', iso(now - 60_000))}\n{"user":{"username":"${user}"},"broken\n{"broken, and not this account\n`,
    );
    writeFileSync(
      join(dir, 'audit.log'),
      `${line('list', iso(now - 1000))}\n${line('get', iso(now - 500), { requestObject: { token: 'ey.secret' } })}\n`,
    );
    writeFileSync(join(dir, 'policy.yaml'), `${line('delete', iso(now))}\n`);
    // A backup last written before the window is not even opened.
    const old = join(dir, 'audit-2026-11-01T10-00-00.000.log');
    writeFileSync(old, `${line('watch', iso(now - 10 * 86_400_000))}\n`);
    utimesSync(old, new Date(now - 10 * 86_400_000), new Date(now - 10 * 86_400_000));

    const files = await auditFiles(join(dir, 'audit.log'), now - 3_600_000);
    expect(files.map((f) => f.path.split('/').pop()).sort()).toEqual([
      'audit-2026-12-01T10-00-00.000.log',
      'audit.log',
    ]);
    const { used, denied, stats } = await readUse(join(dir, 'audit.log'), user, now - 3_600_000, now + 1000);
    expect(used.map((q) => [q.verb, q.count])).toEqual([
      ['list', 2],
      ['get', 1],
    ]);
    expect(denied).toEqual([]);
    expect(stats.events).toBe(3);
    expect(stats.skipped).toBe(1);
    expect(JSON.stringify(used)).not.toContain('ey.secret');
  });
});

describe('the byte budget', () => {
  const f = (path: string, size: number) => ({ path, size, mtime: 0 });

  it('keeps the newest bytes: whole newer files, the tail of the one that crosses the budget', () => {
    expect(newestWithin([f('a', 100), f('b', 50), f('c', 30)], 1000)).toEqual({
      files: [
        { path: 'a', start: 0 },
        { path: 'b', start: 0 },
        { path: 'c', start: 0 },
      ],
      cut: false,
    });
    expect(newestWithin([f('a', 100), f('b', 50), f('c', 30)], 100)).toEqual({
      files: [
        { path: 'a', start: 80 },
        { path: 'b', start: 0 },
        { path: 'c', start: 0 },
      ],
      cut: true,
    });
    // Exactly used up by newer files: the older one is left out, and that is a cut.
    expect(newestWithin([f('a', 100), f('b', 50)], 50)).toEqual({
      files: [{ path: 'b', start: 0 }],
      cut: true,
    });
    expect(newestWithin([f('a', 40)], 10)).toEqual({ files: [{ path: 'a', start: 30 }], cut: true });
  });

  it('reads at most the budget, from a line start, and says the read was cut', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'lp-budget-'));
    const now = Date.now();
    const lines = Array.from({ length: 50 }, (_, i) =>
      line('get', new Date(now - (50 - i) * 1000).toISOString(), { n: i }),
    );
    writeFileSync(join(sub, 'audit.log'), `${lines.join('\n')}\n`);
    const seen: number[] = [];
    const budget = 5 * (lines[0]?.length ?? 0) + 20;
    const read = await eachAuditLine(
      join(sub, 'audit.log'),
      now - 3_600_000,
      (l) => seen.push((JSON.parse(l) as { n: number }).n),
      budget,
    );
    expect(read.cut).toBe(true);
    expect(read.bytes).toBeLessThanOrEqual(budget);
    // Every visited line is a whole event (a partial first line is skipped), and they are the newest.
    expect(seen).toEqual([45, 46, 47, 48, 49]);
    const all = await readUse(join(sub, 'audit.log'), user, now - 3_600_000, now + 1000, budget);
    expect(all.stats.truncated).toBe(true);
    expect(all.stats.events).toBe(5);
    rmSync(sub, { recursive: true, force: true });
  });
});
