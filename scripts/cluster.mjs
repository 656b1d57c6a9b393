// npm run cluster [-- --data-dir DIR --port N]: build (cached) and run the local control plane in
// the foreground. Prints the READY line; Ctrl-C stops it.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCluster, root, startCluster } from './lib/cluster.mjs';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: join(root, '.tokenscope', 'cluster') },
    port: { type: 'string', default: '0' },
    'build-only': { type: 'boolean', default: false },
  },
});

try {
  await buildCluster();
  if (values['build-only']) process.exit(0);
  const { info, stop, exited } = await startCluster({ dataDir: values['data-dir'], port: Number(values.port) });
  console.log(`READY ${JSON.stringify(info)}`);
  console.log(`\nexport KUBECONFIG=${info.kubeconfig}   # then: kubectl get serviceaccounts -A`);
  const shutdown = async () => {
    console.log('\n[cluster] stopping…');
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const { code, signal } = await exited;
  console.error(`[cluster] exited (${signal ?? code})`);
  process.exit(code ?? 1);
} catch (err) {
  console.error(`[cluster] ${err.message}`);
  process.exit(1);
}
