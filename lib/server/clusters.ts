import 'server-only';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';

/**
 * Who may see and check the kubeconfig's contexts: only the kubeconfig's owner. In local mode that
 * is the person at this machine (the dashboard identity serves them, DESIGN.md). In shared mode the
 * kubeconfig is the operator's: its other contexts name the operator's clusters and carry the
 * operator's credentials (checking one runs its exec plugin as the operator), and a signed-in user
 * is known only to the one cluster they signed in to. So shared mode refuses, whoever asks.
 * Throws `forbidden:shared-mode`.
 */
export function requireKubeconfigOwner(): void {
  if (env().mode !== 'local') {
    throw new AppError(
      'forbidden:shared-mode',
      'This Tokenscope is shared: the contexts of its kubeconfig are its operator’s, so they are not listed or checked here.',
      {
        hints: [
          'Run Tokenscope on your own machine (local mode) to see every context of your own kubeconfig.',
        ],
      },
    );
  }
}
