/**
 * What one subject may that another may not, and what both may, from their effective permissions.
 * Rules are cut into atoms (one API group × resource × verb, with its resourceNames, in one scope;
 * or one non-resource URL × verb) and an atom of A is shared when B's atoms cover it: a wildcard
 * covers what it names, a ClusterRoleBinding's rule (namespace null) covers every namespace, a rule
 * without resourceNames covers any names, and several of B's rules may together cover A's names.
 *
 * Approximate where RBAC itself is open-ended: a wildcard is not expanded against the resources the
 * cluster serves, so `*` on one side against a list of every resource on the other still counts as
 * "only" on the wildcard's side (marked `partly` when the other side holds a narrower part of it).
 */
import type { EffectiveRule } from './permissions';
import type { GrantSource } from './types';

interface Atom {
  namespace: string | null;
  group?: string;
  resource?: string;
  url?: string;
  verb: string;
  /** null: any name. */
  names: string[] | null;
  grantedBy: GrantSource[];
}

/** One line of a diff: verbs on a resource (or URL) in a scope, and who granted it. */
export interface DiffEntry {
  namespace: string | null;
  apiGroup?: string;
  resource?: string;
  nonResourceURL?: string;
  verbs: string[];
  resourceNames?: string[];
  grantedBy: GrantSource[];
  /** The other side holds a narrower part of this (fewer names, one namespace, a listed resource). */
  partly?: boolean;
}

export interface PermissionDiff {
  onlyA: DiffEntry[];
  onlyB: DiffEntry[];
  both: DiffEntry[];
}

function atomsOf(rules: readonly EffectiveRule[]): Atom[] {
  const out: Atom[] = [];
  for (const r of rules) {
    const names = (r.resourceNames ?? []).length > 0 ? [...(r.resourceNames ?? [])] : null;
    for (const verb of r.verbs) {
      for (const url of r.nonResourceURLs ?? [])
        out.push({ namespace: r.namespace, url, verb, names: null, grantedBy: r.grantedBy });
      for (const group of r.apiGroups)
        for (const resource of r.resources)
          out.push({ namespace: r.namespace, group, resource, verb, names, grantedBy: r.grantedBy });
    }
  }
  return out;
}

const wild = (x: string | undefined, y: string | undefined): boolean => x === '*' || x === y;

/** Whether resource entry b covers entry a: `*`, equal, or `*`/sub covering any resource's sub. */
function resourceCovers(b: string, a: string): boolean {
  if (b === '*' || b === a) return true;
  if (b.startsWith('*/')) return a.includes('/') && a.slice(a.indexOf('/')) === b.slice(1);
  return false;
}

/** Whether URL entry b covers entry a, both possibly ending in `*` (a prefix). */
function urlCovers(b: string, a: string): boolean {
  if (b === '*' || b === a) return true;
  if (!b.endsWith('*')) return false;
  return a.startsWith(b.replace(/\*+$/, ''));
}

/** Everything but names: scope, group, resource or URL, verb. */
function shapeCovers(b: Atom, a: Atom): boolean {
  if (b.namespace !== null && b.namespace !== a.namespace) return false;
  if (b.verb !== '*' && b.verb !== a.verb) return false;
  if (a.url !== undefined) return b.url !== undefined && urlCovers(b.url, a.url);
  if (b.url !== undefined || a.resource === undefined || b.resource === undefined) return false;
  return wild(b.group, a.group) && resourceCovers(b.resource, a.resource);
}

/** Whether B's atoms together cover atom a. */
function covered(a: Atom, b: readonly Atom[]): boolean {
  const shaped = b.filter((x) => shapeCovers(x, a));
  if (shaped.some((x) => x.names === null)) return true;
  if (a.names === null) return false;
  const names = new Set(shaped.flatMap((x) => x.names ?? []));
  return a.names.every((n) => names.has(n));
}

/** Whether some atom of B holds part of atom a (a narrower shape, or some of a's names). */
function overlaps(a: Atom, b: readonly Atom[]): boolean {
  return b.some((x) => {
    const names = a.names === null || x.names === null || x.names.some((n) => a.names?.includes(n));
    return names && (shapeCovers(a, x) || shapeCovers(x, a));
  });
}

function entryKey(a: Atom, partly: boolean): string {
  return JSON.stringify([a.namespace, a.group, a.resource, a.url, a.names, partly]);
}

/** Merges atoms that differ only in verb back into entries. */
function group(atoms: readonly { atom: Atom; partly: boolean }[]): DiffEntry[] {
  const byKey = new Map<string, DiffEntry>();
  for (const { atom: a, partly } of atoms) {
    const key = entryKey(a, partly);
    let e = byKey.get(key);
    if (!e) {
      e = { namespace: a.namespace, verbs: [], grantedBy: [] };
      if (a.url !== undefined) e.nonResourceURL = a.url;
      else {
        e.apiGroup = a.group ?? '';
        e.resource = a.resource ?? '';
      }
      if (a.names) e.resourceNames = [...a.names];
      if (partly) e.partly = true;
      byKey.set(key, e);
    }
    if (!e.verbs.includes(a.verb)) e.verbs.push(a.verb);
    for (const g of a.grantedBy) if (!e.grantedBy.includes(g)) e.grantedBy.push(g);
  }
  return [...byKey.values()].sort(
    (x, y) =>
      String(x.namespace).localeCompare(String(y.namespace)) ||
      (x.resource ?? x.nonResourceURL ?? '').localeCompare(y.resource ?? y.nonResourceURL ?? ''),
  );
}

/** Compares two subjects' effective rules: what only A may, what only B may, and what both may. */
export function diffPermissions(a: readonly EffectiveRule[], b: readonly EffectiveRule[]): PermissionDiff {
  const atomsA = atomsOf(a);
  const atomsB = atomsOf(b);
  const onlyA: { atom: Atom; partly: boolean }[] = [];
  const onlyB: { atom: Atom; partly: boolean }[] = [];
  const both: { atom: Atom; partly: boolean }[] = [];
  const shared = new Set<string>();
  const share = (atom: Atom) => {
    const key = entryKey(atom, false) + atom.verb;
    if (shared.has(key)) return;
    shared.add(key);
    both.push({ atom, partly: false });
  };
  for (const atom of atomsA) {
    if (covered(atom, atomsB)) share(atom);
    else onlyA.push({ atom, partly: overlaps(atom, atomsB) });
  }
  for (const atom of atomsB) {
    if (covered(atom, atomsA)) share(atom);
    else onlyB.push({ atom, partly: overlaps(atom, atomsA) });
  }
  return { onlyA: group(onlyA), onlyB: group(onlyB), both: group(both) };
}

/** Formats an entry as "list, get pods [a, b] in default" for lists and tests. */
export function describeEntry(e: DiffEntry): string {
  const what =
    e.nonResourceURL !== undefined
      ? e.nonResourceURL
      : `${e.apiGroup ? `${e.apiGroup}/` : ''}${e.resource}${e.resourceNames ? ` [${e.resourceNames.join(', ')}]` : ''}`;
  const where =
    e.nonResourceURL !== undefined ? '' : e.namespace === null ? ' (cluster-wide)' : ` in ${e.namespace}`;
  return `${e.verbs.join(', ')} ${what}${where}`;
}
