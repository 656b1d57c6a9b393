import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCluster, root, startCluster } from '../scripts/lib/cluster.mjs';
import { buildIsFresh, buildNext, startNext } from '../scripts/lib/next.mjs';
import { e2ePort } from '../playwright.config';

/** Where the dashboard's own output goes during e2e (scanned for leaked tokens afterwards). */
export const serverLogPath = join(root, 'test-results', 'e2e-server.log');
export const statePath = join(root, 'test-results', 'e2e-state.json');

/** A real local control plane and `next start` against it, the seed scenarios applied. */
export default async function globalSetup() {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  await buildCluster();
  if (!buildIsFresh()) await buildNext();
  const dataDir = mkdtempSync(join(tmpdir(), 'tokenscope-e2e-'));
  const cluster = await startCluster({ dataDir });
  const logStream = createWriteStream(serverLogPath);
  const next = await startNext({
    port: e2ePort,
    env: {
      KUBECONFIG: cluster.info.kubeconfig,
      TOKENSCOPE_AUDIT_LOG: cluster.info.auditLog,
      TOKENSCOPE_LOG_LEVEL: 'debug',
    },
    onOutput: (text: string) => logStream.write(text),
  });
  writeFileSync(statePath, JSON.stringify({ cluster: cluster.info, url: next.url }));
  return async () => {
    await next.stop();
    logStream.end();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
