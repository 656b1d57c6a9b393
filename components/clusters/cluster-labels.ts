import type { ClusterAuth, ClusterProblem } from '@/lib/contracts/clusters';

/** How a context authenticates, in words. */
export function authLabel(auth: ClusterAuth): string {
  switch (auth.kind) {
    case 'token':
      return 'Bearer token';
    case 'client-cert':
      return 'Client certificate';
    case 'basic':
      return 'Username and password';
    case 'exec':
      return `Exec plugin \`${auth.command}\``;
    case 'auth-provider':
      return `Auth provider \`${auth.name}\``;
    case 'in-cluster':
      return 'In-cluster ServiceAccount';
    case 'none':
      return 'No credentials';
  }
}

/** A failed check's badge text. */
export const problemLabel: Record<ClusterProblem, string> = {
  'exec-not-found': 'Plugin missing',
  'exec-failed': 'Plugin failed',
  'auth-provider': 'Auth provider failed',
  certificate: 'Certificate problem',
  unreachable: 'Unreachable',
  timeout: 'Timed out',
  unauthorized: 'Credentials rejected',
  forbidden: 'Forbidden',
  kubeconfig: 'Kubeconfig problem',
  'server-error': 'Server error',
  unknown: 'Failed',
};
