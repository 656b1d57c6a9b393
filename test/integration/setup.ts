import { beforeAll, inject } from 'vitest';
import { resetDashboardKubeConfig } from '@/lib/kube/config';

/** Every integration file acts as the local cluster's admin through KUBECONFIG, like the app. */
beforeAll(() => {
  process.env.KUBECONFIG = inject('cluster').kubeconfig;
  process.env.TOKENSCOPE_LOG_LEVEL ??= 'warn';
  resetDashboardKubeConfig();
});
