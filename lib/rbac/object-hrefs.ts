// The pages of a binding and of a role. Apart from lib/rbac/bindings.ts (which re-exports them) so
// the browser's RBAC graph links nodes without loading the bindings browser's model (issue 17).
import { CLUSTER_SCOPE } from '@/lib/contracts/rbac-bindings';
import type { BindingKind, RoleKind } from './types';

/** The page of a binding: `/rbac/bindings/<namespace or _cluster>/<name>`. */
export function bindingHref(kind: BindingKind, namespace: string | undefined, name: string): string {
  const scope = kind === 'ClusterRoleBinding' ? CLUSTER_SCOPE : (namespace ?? '');
  return `/rbac/bindings/${encodeURIComponent(scope)}/${encodeURIComponent(name)}`;
}

/** The page of a role: `/rbac/roles/<namespace or _cluster>/<name>`. */
export function roleHref(kind: RoleKind, namespace: string | undefined, name: string): string {
  const scope = kind === 'ClusterRole' ? CLUSTER_SCOPE : (namespace ?? '');
  return `/rbac/roles/${encodeURIComponent(scope)}/${encodeURIComponent(name)}`;
}
