import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { limitExecPlugins } from './exec-plugin';

// Real plugin processes (node scripts), as client-node spawns them; no Kubernetes API is involved.
const dir = mkdtempSync(join(tmpdir(), 'tokenscope-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A plugin that appends its pid to `pids`, then runs `body`. */
function plugin(name: string, body: string): { script: string; pids: string } {
  const script = join(dir, `${name}.cjs`);
  const pids = join(dir, `${name}.pids`);
  writeFileSync(pids, '');
  writeFileSync(
    script,
    `require('fs').appendFileSync(${JSON.stringify(pids)}, process.pid + '\\n');\n${body}\n`,
  );
  return { script, pids };
}

function kubeconfigRunning(script: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
    users: [
      {
        name: 'u',
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [script] },
      } as never,
    ],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

function pidsOf(file: string): number[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const credential = JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1',
  kind: 'ExecCredential',
  status: { token: 'plugin-token' },
});

describe('limitExecPlugins', () => {
  it('kills a plugin that hangs, and requests waiting for it share one run and fail with a timeout', async () => {
    const { script, pids } = plugin('hang', 'setInterval(() => {}, 1000);');
    const kc = kubeconfigRunning(script);
    expect(limitExecPlugins(kc, 1500)).toBe(true);
    const started = Date.now();
    const calls = [0, 1, 2].map(() => kc.applyToHTTPSOptions({ headers: {} }));
    const results = await Promise.allSettled(calls);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason as Error;
      expect(reason.name).toBe('TimeoutError');
      expect(reason.message).toContain('did not finish within 2 s and was stopped');
    }
    const ran = pidsOf(pids);
    expect(ran).toHaveLength(1);
    const pid = ran[0] as number;
    await expect.poll(() => alive(pid), { timeout: 3000 }).toBe(false);
  }, 20_000);

  it('leaves a plugin that answers in time alone: its credential is used, a failure keeps its stderr', async () => {
    const good = plugin('good', `process.stdout.write(${JSON.stringify(credential)});`);
    const kc = kubeconfigRunning(good.script);
    expect(limitExecPlugins(kc, 10_000)).toBe(true);
    const opts: { headers: Record<string, string> } = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    expect(opts.headers.Authorization).toBe('Bearer plugin-token');
    // Without expirationTimestamp client-node runs the plugin again for the next request, as before.
    await kc.applyToHTTPSOptions({ headers: {} });
    expect(pidsOf(good.pids)).toHaveLength(2);

    const bad = plugin('bad', "process.stderr.write('login expired'); process.exit(3);");
    const failing = kubeconfigRunning(bad.script);
    limitExecPlugins(failing, 10_000);
    await expect(failing.applyToHTTPSOptions({ headers: {} })).rejects.toThrow('login expired');
  }, 20_000);

  it('a kubeconfig without an exec user is untouched', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
      users: [{ name: 'u', token: 'static' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    expect(limitExecPlugins(kc, 100)).toBe(true);
    const opts: { headers: Record<string, string> } = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    expect(opts.headers.Authorization).toBe('Bearer static');
  });
});
