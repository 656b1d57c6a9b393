/**
 * RBAC hygiene: bindings that point at nothing (their role, or a ServiceAccount they name, does not
 * exist) and ServiceAccounts nothing uses (no binding names them, no pod runs as them). Pure: the
 * server passes the index, the ServiceAccounts and the pod counts it read.
 */
import { bindingKeyOf, missingRoleReason } from './bindings';
import { serviceAccountSubjectNamespace } from './identity';
import { type RbacIndex, resolveRole } from './rbac-index';

export interface ServiceAccountName {
  namespace: string;
  name: string;
}

export interface DanglingBinding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  namespace?: string;
  name: string;
  reasons: string[];
}

export interface HygieneFindings {
  dangling: DanglingBinding[];
  /** Keyed by bindingKeyOf: the "ServiceAccount x/y does not exist" reasons of each binding. */
  missingSubjects: Map<string, string[]>;
  /** Undefined when the ServiceAccounts or pods could not be read (the finding cannot be made). */
  unusedServiceAccounts?: ServiceAccountName[];
}

/**
 * The ServiceAccount every namespace gets from the ServiceAccount controller, which recreates it when
 * deleted, and which pods without `serviceAccountName` run as: never reported as unused.
 */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

const saKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/** The ServiceAccount a User subject names by its username (`system:serviceaccount:ns:name`), if any. */
function serviceAccountOfUsername(username: string): string | undefined {
  const prefix = 'system:serviceaccount:';
  if (!username.startsWith(prefix)) return undefined;
  const rest = username.slice(prefix.length);
  const at = rest.indexOf(':');
  return at > 0 && at < rest.length - 1 ? saKey(rest.slice(0, at), rest.slice(at + 1)) : undefined;
}

/**
 * Finds dangling bindings and unused ServiceAccounts. `serviceAccounts` undefined means they could
 * not be listed: then no subject is reported missing and no account unused (only missing roles).
 * `podsByServiceAccount` counts pods per `namespace/name` (a pod without serviceAccountName runs as
 * `default`); undefined means pods could not be listed, so no account is reported unused.
 */
export function findHygiene(
  index: RbacIndex,
  serviceAccounts: readonly ServiceAccountName[] | undefined,
  podsByServiceAccount: ReadonlyMap<string, number> | undefined,
): HygieneFindings {
  const existing = serviceAccounts
    ? new Set(serviceAccounts.map((s) => saKey(s.namespace, s.name)))
    : undefined;
  const named = new Set<string>();
  const dangling: DanglingBinding[] = [];
  const missingSubjects = new Map<string, string[]>();
  for (const { binding, scope } of index.bindings.values()) {
    const ns = scope ?? '';
    const reasons: string[] = [];
    const missing: string[] = [];
    if (!resolveRole(index, binding.roleRef, ns)) reasons.push(missingRoleReason(binding));
    for (const subject of binding.subjects) {
      let key: string | undefined;
      if (subject.kind === 'ServiceAccount') {
        const subjectNs = serviceAccountSubjectNamespace(subject, ns);
        if (!subjectNs) {
          missing.push(`ServiceAccount ${subject.name} has no namespace, so it names no account`);
          continue;
        }
        key = saKey(subjectNs, subject.name);
        if (existing && !existing.has(key)) missing.push(`ServiceAccount ${key} does not exist`);
      } else if (subject.kind === 'User') {
        key = serviceAccountOfUsername(subject.name);
      }
      if (key) named.add(key);
    }
    reasons.push(...missing);
    if (missing.length) missingSubjects.set(bindingKeyOf(binding), missing);
    if (reasons.length) {
      const item: DanglingBinding = { kind: binding.kind, name: binding.name, reasons };
      if (binding.kind === 'RoleBinding') item.namespace = ns;
      dangling.push(item);
    }
  }
  const byName = (a: { namespace?: string; name: string }, b: { namespace?: string; name: string }) =>
    (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);
  const findings: HygieneFindings = { dangling: dangling.sort(byName), missingSubjects };
  if (serviceAccounts && podsByServiceAccount) {
    findings.unusedServiceAccounts = serviceAccounts
      .filter(
        (sa) =>
          sa.name !== DEFAULT_SERVICE_ACCOUNT &&
          !named.has(saKey(sa.namespace, sa.name)) &&
          (podsByServiceAccount.get(saKey(sa.namespace, sa.name)) ?? 0) === 0,
      )
      .sort(byName);
  }
  return findings;
}
