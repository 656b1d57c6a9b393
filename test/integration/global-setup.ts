import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildCluster, type ReadyInfo, startCluster } from '../../scripts/lib/cluster.mjs';

export type ClusterInfo = ReadyInfo;

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterInfo;
  }
}

/** One local control plane per integration run, on free ports in a temp dir. */
export default async function setup(project: TestProject) {
  await buildCluster();
  const dataDir = mkdtempSync(join(tmpdir(), 'tokenscope-it-'));
  const { info, stop } = await startCluster({ dataDir });
  project.provide('cluster', info);
  return async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
