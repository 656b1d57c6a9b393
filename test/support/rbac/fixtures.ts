/**
 * Terse builders for RBAC objects, for tests and examples; they produce the same plain data the
 * Kubernetes adapters hand to the engine.
 */
import { buildRbacIndex, type RbacIndex } from '@/lib/rbac/rbac-index';
import type { Binding, PolicyRule, RbacObjects, Role, RoleRef, Subject } from '@/lib/rbac/types';

/** Builds a ClusterRole. */
export function clusterRole(name: string, rules: PolicyRule[]): Role {
  return { kind: 'ClusterRole', name, rules };
}

/** Builds a namespaced Role. */
export function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { kind: 'Role', name, namespace, rules };
}

/** Builds a RoleBinding. */
export function roleBinding(namespace: string, name: string, roleRef: RoleRef, subjects: Subject[]): Binding {
  return { kind: 'RoleBinding', name, namespace, roleRef, subjects };
}

/** Builds a ClusterRoleBinding. */
export function clusterRoleBinding(name: string, roleRef: RoleRef, subjects: Subject[]): Binding {
  return { kind: 'ClusterRoleBinding', name, roleRef, subjects };
}

/** Builds a ServiceAccount subject; omit namespace to rely on RoleBinding defaulting. */
export function saSubject(name: string, namespace?: string): Subject {
  return namespace === undefined
    ? { kind: 'ServiceAccount', name }
    : { kind: 'ServiceAccount', name, namespace };
}

/** Fills the missing object lists of a partial world with empty ones. */
export function objects(partial: Partial<RbacObjects>): RbacObjects {
  return { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [], ...partial };
}

/** Indexes a partial world. */
export function indexOf(partial: Partial<RbacObjects>): RbacIndex {
  return buildRbacIndex(objects(partial));
}
