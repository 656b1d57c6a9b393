import { readFileSync } from 'node:fs';

/** A kubeconfig `clusters` entry for a local control plane: its server and its CA, inline. */
export function kubeconfigCluster(name: string, c: { server: string; caFile: string }) {
  return {
    name,
    cluster: { server: c.server, 'certificate-authority-data': readFileSync(c.caFile).toString('base64') },
  };
}
