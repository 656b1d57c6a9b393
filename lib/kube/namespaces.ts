import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';

/**
 * Whether the namespace exists: true, false (the API server answered 404), or undefined when that
 * cannot be told (the caller may not get namespaces, or the API server did not answer), so a page
 * never claims a namespace is missing on a 403.
 */
export async function namespaceExists(clients: KubeClients, name: string): Promise<boolean | undefined> {
  try {
    await kubeCall(clients.server, () => clients.core.readNamespace({ name }));
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not-found:kube') return false;
    return undefined;
  }
}
