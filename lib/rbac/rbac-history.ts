/**
 * A bounded journal of RBAC object changes, so the index can be seen as it was before them: each
 * entry keeps the object as it was (undefined: it did not exist) and as it became. Reverting every
 * entry newer than a moment, newest first, gives the objects of that moment, as far back as the
 * journal reaches. Pure; the Kubernetes adapter records what the watches or successive lists saw.
 */
import type { Binding, RbacObjects, Role } from './types';

type RbacObject = Role | Binding;

export interface RbacJournalEntry {
  at: number;
  key: string;
  before?: RbacObject;
  after?: RbacObject;
}

export interface RbacJournal {
  entries: RbacJournalEntry[];
  /** Most entries kept; the oldest are dropped first. */
  max: number;
  /** When recording began, or the time of the oldest entry dropped: nothing before it can be told. */
  since: number;
}

/** Entries kept by default: a few thousand objects' worth, a few MB at most. */
export const DEFAULT_JOURNAL_SIZE = 2_000;

export function emptyRbacJournal(now: number, max = DEFAULT_JOURNAL_SIZE): RbacJournal {
  return { entries: [], max, since: now };
}

/** The identity of an object across kinds: kind, namespace (if namespaced) and name. */
export function objectKey(o: RbacObject): string {
  const namespaced = o.kind === 'Role' || o.kind === 'RoleBinding';
  return `${o.kind}/${namespaced ? (o.namespace ?? '') : ''}/${o.name}`;
}

/** Records one change; equal before and after are not a change. */
export function recordChange(
  journal: RbacJournal,
  at: number,
  before: RbacObject | undefined,
  after: RbacObject | undefined,
): void {
  const o = after ?? before;
  if (!o || (before && after && JSON.stringify(before) === JSON.stringify(after))) return;
  const entry: RbacJournalEntry = { at, key: objectKey(o) };
  if (before) entry.before = before;
  if (after) entry.after = after;
  journal.entries.push(entry);
  while (journal.entries.length > journal.max) {
    const dropped = journal.entries.shift();
    if (dropped) journal.since = dropped.at;
  }
}

const all = (o: RbacObjects): RbacObject[] => [
  ...o.roles,
  ...o.clusterRoles,
  ...o.roleBindings,
  ...o.clusterRoleBindings,
];

/** Records what changed between two complete lists (for views fed by lists rather than watches). */
export function recordListDiff(
  journal: RbacJournal,
  at: number,
  previous: RbacObjects,
  next: RbacObjects,
): number {
  const before = new Map(all(previous).map((o) => [objectKey(o), o]));
  const n = journal.entries.length;
  for (const o of all(next)) {
    const key = objectKey(o);
    recordChange(journal, at, before.get(key), o);
    before.delete(key);
  }
  for (const gone of before.values()) recordChange(journal, at, gone, undefined);
  return journal.entries.length - n;
}

/** The objects as they were at `moment`, reverting every newer entry; undefined if the journal does not reach back that far. */
export function objectsAt(
  current: RbacObjects,
  journal: RbacJournal,
  moment: number,
): RbacObjects | undefined {
  if (moment < journal.since) return undefined;
  const byKey = new Map(all(current).map((o) => [objectKey(o), o]));
  for (let i = journal.entries.length - 1; i >= 0; i--) {
    const e = journal.entries[i];
    if (!e || e.at <= moment) break;
    if (e.before) byKey.set(e.key, e.before);
    else byKey.delete(e.key);
  }
  const out: RbacObjects = { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] };
  for (const o of byKey.values()) {
    if (!('roleRef' in o)) (o.kind === 'Role' ? out.roles : out.clusterRoles).push(o);
    else (o.kind === 'RoleBinding' ? out.roleBindings : out.clusterRoleBindings).push(o);
  }
  return out;
}

/** Times of the changes kept, newest first, each with the objects it touched. */
export function changeTimes(journal: RbacJournal, limit = 20): { at: number; keys: string[] }[] {
  const out: { at: number; keys: string[] }[] = [];
  for (let i = journal.entries.length - 1; i >= 0 && out.length <= limit; i--) {
    const e = journal.entries[i];
    if (!e) continue;
    const last = out[out.length - 1];
    if (last && last.at === e.at) last.keys.push(e.key);
    else out.push({ at: e.at, keys: [e.key] });
  }
  return out.slice(0, limit);
}
