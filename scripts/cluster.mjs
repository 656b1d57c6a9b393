// npm run cluster [-- --data-dir DIR --port N --kube 1.35 --authentication-config FILE]: build (cached) and run the local control
// plane in the foreground. Prints the READY line; Ctrl-C stops it. --kube picks the Kubernetes minor
// (default 1.36); each minor keeps its own data dir, since an older API server may not read what a
// newer one stored. --authentication-config hands the API server an AuthenticationConfiguration
// (JWT issuers such as an OIDC provider).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCluster, defaultKube, kubeVersions, root, selectedKube, startCluster } from './lib/cluster.mjs';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    'build-only': { type: 'boolean', default: false },
    kube: { type: 'string' },
    'authentication-config': { type: 'string' },
  },
});

try {
  const kube = selectedKube(values.kube ?? process.env.TOKENSCOPE_KUBE);
  const dataDir =
    values['data-dir'] ?? join(root, '.tokenscope', kube === defaultKube ? 'cluster' : `cluster-${kube}`);
  await buildCluster({ kube });
  if (values['build-only']) process.exit(0);
  const { info, stop, exited } = await startCluster({
    dataDir,
    port: Number(values.port),
    kube,
    authenticationConfig: values['authentication-config'],
  });
  console.log(`[cluster] Kubernetes ${kubeVersions[kube].version}`);
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
