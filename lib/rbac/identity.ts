/**
 * Identities and subject matching, mirroring k8s.io/apiserver/pkg/authentication/serviceaccount and
 * appliesToUser in pkg/registry/rbac/validation/rule.go.
 */
import { serviceAccountGroups, serviceAccountUsername } from '@/lib/k8s/serviceaccount-identity';
import type { Subject, UserInfo } from './types';

export {
  ALL_SERVICE_ACCOUNTS_GROUP,
  AUTHENTICATED_GROUP,
  parseServiceAccountUsername,
  SERVICE_ACCOUNT_GROUP_PREFIX,
  SERVICE_ACCOUNT_USERNAME_PREFIX,
  serviceAccountUsername,
} from '@/lib/k8s/serviceaccount-identity';
/** Members of this group bypass RBAC entirely (the privileged-group authorizer runs first). */
export const SYSTEM_MASTERS_GROUP = 'system:masters';

/** Builds the user the API server derives from a ServiceAccount token, groups included. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: serviceAccountUsername(namespace, name),
    groups: serviceAccountGroups(namespace),
  };
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
