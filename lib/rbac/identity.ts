/**
 * Identities and subject matching, mirroring k8s.io/apiserver/pkg/authentication/serviceaccount and
 * appliesToUser in pkg/registry/rbac/validation/rule.go.
 */
import type { Subject, UserInfo } from './types';

export const SERVICE_ACCOUNT_USERNAME_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
export const SERVICE_ACCOUNT_GROUP_PREFIX = 'system:serviceaccounts:';
export const AUTHENTICATED_GROUP = 'system:authenticated';
/** Members of this group bypass RBAC entirely (the privileged-group authorizer runs first). */
export const SYSTEM_MASTERS_GROUP = 'system:masters';

/** Builds the username a ServiceAccount token authenticates as. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`;
}

/** Builds the user the API server derives from a ServiceAccount token, groups included. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: serviceAccountUsername(namespace, name),
    // serviceaccount.MakeGroupNames plus the group the authenticator union adds to every authenticated user.
    groups: [ALL_SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNT_GROUP_PREFIX}${namespace}`, AUTHENTICATED_GROUP],
  };
}

/** Splits a ServiceAccount username into namespace and name, or returns undefined for other users. */
export function parseServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_USERNAME_PREFIX.length).split(':');
  const [namespace, name] = parts;
  if (parts.length !== 2 || !namespace || !name) return undefined;
  return { namespace, name };
}

/**
 * Resolves the namespace a ServiceAccount subject refers to: its own, else the binding's. Upstream
 * defaults to the namespace being authorized, which equals the RoleBinding's namespace because only
 * that namespace's RoleBindings are consulted; ClusterRoleBindings pass "" and so never default.
 */
export function serviceAccountSubjectNamespace(subject: Subject, bindingNamespace: string): string {
  return subject.namespace || bindingNamespace;
}

/**
 * Returns the username a User or ServiceAccount subject matches, or undefined for groups, unknown
 * kinds and ServiceAccount subjects that resolve to no namespace (which upstream never matches).
 */
export function subjectUsername(subject: Subject, bindingNamespace: string): string | undefined {
  if (subject.kind === 'User') return subject.name;
  if (subject.kind !== 'ServiceAccount') return undefined;
  const namespace = serviceAccountSubjectNamespace(subject, bindingNamespace);
  // serviceaccount.MatchesUsername is prefix-wise but equivalent to comparing the full username.
  return namespace ? serviceAccountUsername(namespace, subject.name) : undefined;
}

/**
 * Reports whether a binding subject applies to the user, like upstream appliesToUser; the subject's
 * apiGroup is not consulted. Pass "" as bindingNamespace for ClusterRoleBindings.
 */
export function subjectMatches(subject: Subject, bindingNamespace: string, user: UserInfo): boolean {
  if (subject.kind === 'Group') return user.groups.includes(subject.name);
  const username = subjectUsername(subject, bindingNamespace);
  return username !== undefined && username === user.username;
}

/** Returns the first subject of a binding that applies to the user, like upstream appliesTo. */
export function firstMatchingSubject(
  subjects: readonly Subject[],
  bindingNamespace: string,
  user: UserInfo,
): Subject | undefined {
  return subjects.find((s) => subjectMatches(s, bindingNamespace, user));
}

/** Returns the subject with a ServiceAccount namespace defaulted to the binding's, for display and dedup. */
export function normalizeSubject(subject: Subject, bindingNamespace: string): Subject {
  if (subject.kind !== 'ServiceAccount' || subject.namespace || !bindingNamespace) return subject;
  return { ...subject, namespace: bindingNamespace };
}

/** Builds a stable key identifying a subject, used for grouping. */
export function subjectKey(subject: Subject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount:${subject.namespace ?? ''}:${subject.name}`
    : `${subject.kind}:${subject.name}`;
}
