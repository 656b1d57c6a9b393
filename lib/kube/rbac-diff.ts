import 'server-only';
import { diffPermissions, type PermissionDiff } from '@/lib/rbac/diff';
import { serviceAccountUser } from '@/lib/rbac/identity';
import { effectivePermissions } from '@/lib/rbac/permissions';
import { changeTimes, objectsAt } from '@/lib/rbac/rbac-history';
import { buildRbacIndex } from '@/lib/rbac/rbac-index';
import type { SubjectKind, UserInfo } from '@/lib/rbac/types';
import type { KubeClients } from './clients';
import { rbacSnapshot } from './rbac';
import { rbacJournal } from './rbac-freshness';

export interface DiffSubject {
  kind: SubjectKind;
  name: string;
  namespace?: string;
}

/**
 * The user the authorizer would see for a subject. A ServiceAccount's groups are known; a User's are
 * not (they come from the authenticator), and a Group stands for a member with no other group.
 */
export function userOf(s: DiffSubject): UserInfo {
  if (s.kind === 'ServiceAccount') return serviceAccountUser(s.namespace ?? '', s.name);
  if (s.kind === 'Group') return { username: '', groups: [s.name] };
  return { username: s.name, groups: [] };
}

/** What A may that B may not, the reverse, and what both may, from the RBAC index as these clients. */
export async function diffSubjects(clients: KubeClients, a: DiffSubject, b: DiffSubject): Promise<PermissionDiff> {
  const { index } = await rbacSnapshot(clients, { fresh: true });
  return diffPermissions(effectivePermissions(index, userOf(a)).rules, effectivePermissions(index, userOf(b)).rules);
}

export interface SubjectHistory {
  /** The moment compared against (ISO), the oldest the journal can tell unless asked for another. */
  since: string;
  /** What the subject holds now and did not then (onlyB), and held then and no longer (onlyA). */
  diff: PermissionDiff;
  /** Recent moments when RBAC objects changed, newest first, to compare against. */
  changes: { at: string; objects: string[] }[];
}

/**
 * The subject's permissions now against a moment ago (default: as far back as this server's bounded
 * journal of RBAC changes reaches). undefined when the journal does not reach back to `since`.
 */
export async function subjectHistory(
  clients: KubeClients,
  subject: DiffSubject,
  since?: number,
): Promise<SubjectHistory | undefined> {
  const snapshot = await rbacSnapshot(clients, { fresh: true });
  const journal = rbacJournal(clients);
  const moment = since ?? journal.since;
  const then = objectsAt(snapshot.objects, journal, moment);
  if (!then) return undefined;
  const user = userOf(subject);
  const before = effectivePermissions(buildRbacIndex(then), user).rules;
  const now = effectivePermissions(snapshot.index, user).rules;
  return {
    since: new Date(moment).toISOString(),
    diff: diffPermissions(before, now),
    changes: changeTimes(journal).map((c) => ({ at: new Date(c.at).toISOString(), objects: c.keys })),
  };
}
