// A lock shared by test files that run in parallel against the same control plane: a file that
// tears a scenario down (deleting its namespace) and a file that needs every scenario applied
// must not overlap. mkdir is atomic on every platform; a lock older than STALE_MS is taken to
// be left behind by a killed run.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STALE_MS = 5 * 60_000;
const POLL_MS = 100;

function dirOf(name: string, server: string): string {
  return join(tmpdir(), `tokenscope-it-lock-${name}-${server.replace(/[^a-z0-9]+/gi, '-')}`);
}

/** Waits until the lock `name` for this control plane (`server`) is free, takes it, returns its release. */
export async function exclusive(name: string, server: string, timeoutMs = 170_000): Promise<() => void> {
  const dir = dirOf(name, server);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(dir).mtimeMs > STALE_MS) rmSync(dir, { recursive: true, force: true });
      } catch {
        // released in between
      }
      if (Date.now() > deadline) throw new Error(`the test lock ${dir} stayed taken for ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
