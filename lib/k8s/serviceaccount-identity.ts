import { followsRule, namespaceRule, objectNameRule } from './names';

// Who a ServiceAccount is to the API server, as k8s.io/apiserver v0.36.3
// pkg/authentication/serviceaccount/util.go defines it (MakeUsername, SplitUsername, MakeGroupNames).

/** Prefix of a ServiceAccount username (`ServiceAccountUsernamePrefix`). */
export const SERVICE_ACCOUNT_USERNAME_PREFIX = 'system:serviceaccount:';
/** Group of every ServiceAccount (`AllServiceAccountsGroup`). */
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
/** Prefix of the per-namespace ServiceAccount group (`ServiceAccountGroupPrefix`). */
export const SERVICE_ACCOUNT_GROUP_PREFIX = 'system:serviceaccounts:';
/** Group the authenticator union adds to every authenticated user (k8s.io/apiserver/pkg/authentication/user). */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** The username a ServiceAccount authenticates as: `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`;
}

/**
 * Splits a ServiceAccount username into namespace and name like SplitUsername: exactly two parts
 * after the prefix, a valid namespace and a valid ServiceAccount name; undefined for other users.
 */
export function parseServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_USERNAME_PREFIX.length).split(':');
  const [namespace, name] = parts;
  if (parts.length !== 2 || namespace === undefined || name === undefined) return undefined;
  if (!followsRule(namespace, namespaceRule) || !followsRule(name, objectNameRule)) return undefined;
  return { namespace, name };
}

/** The groups a ServiceAccount's requests carry: MakeGroupNames plus `system:authenticated`. */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNT_GROUP_PREFIX}${namespace}`, AUTHENTICATED_GROUP];
}
