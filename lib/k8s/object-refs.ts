// References to the objects a ServiceAccount token can be bound to. TokenRequest accepts a Pod,
// Secret or Node as spec.boundObjectRef (ValidateTokenRequest, pkg/registry/core/serviceaccount/
// storage/token.go); the token then names it in its `kubernetes.io` claim as `{name, uid}`
// (pkg/serviceaccount/claims.go) and dies with it.

/** The kinds a token may be bound to, in the order the claims are consulted (Pod first). */
export const BOUND_KINDS = ['Pod', 'Secret', 'Node'] as const;
/** A kind a token may be bound to. */
export type BoundKind = (typeof BOUND_KINDS)[number];

/** The resource (lowercase plural) of each bindable kind, as kubectl and RBAC name it. */
export const BOUND_KIND_RESOURCES = {
  Pod: 'pods',
  Secret: 'secrets',
  Node: 'nodes',
} as const satisfies Record<BoundKind, string>;

/** The resource of a kind a token may be bound to. */
export function resourceOfBoundKind(kind: BoundKind): string {
  return BOUND_KIND_RESOURCES[kind];
}

/** A `{name, uid}` reference inside the `kubernetes.io` claim; both are `omitempty` upstream. */
export interface ClaimObjectRef {
  name?: string;
  uid?: string;
  [key: string]: unknown;
}

/** An object whose deletion revokes a token: TokenRequest's boundObjectRef without its apiVersion (always v1). */
export interface BoundObjectRef {
  kind: BoundKind;
  name: string;
  uid?: string;
}

/** apiVersion of every bindable kind (all are core/v1). */
export const BOUND_OBJECT_API_VERSION = 'v1';
