import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFiles, readUse } from './read';

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
