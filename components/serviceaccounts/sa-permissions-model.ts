/**
 * Turns effective rules (`GET …/permissions`) into the resources × verbs matrix the detail page
 * shows, each cell listing the binding and role that grant it.
 */
import type { EffectiveRuleDto, GrantSourceDto } from '@/lib/contracts/rbac';
import { sortVerbs } from './sa-format';

export interface MatrixRow {
  key: string;
  /** null = cluster-wide (ClusterRoleBinding). */
  namespace: string | null;
  group: string;
  resource: string;
  resourceNames?: string[];
  cells: Record<string, GrantSourceDto[]>;
}

export interface UrlRow {
  key: string;
  path: string;
  cells: Record<string, GrantSourceDto[]>;
}

export interface PermissionMatrix {
  verbs: string[];
  rows: MatrixRow[];
  urlVerbs: string[];
  urlRows: UrlRow[];
}

/** A grant reached the ServiceAccount through a group binding rather than naming it. */
export function isGroupGrant(g: GrantSourceDto): boolean {
  return g.subject.kind === 'Group';
}

const sourceKey = (g: GrantSourceDto) =>
  `${g.binding.kind}/${g.binding.namespace ?? ''}/${g.binding.name}>${g.role.kind}/${g.role.name}`;

function addGrants(cells: Record<string, GrantSourceDto[]>, verb: string, grants: GrantSourceDto[]): void {
  const cell = cells[verb] ?? [];
  for (const g of grants) if (!cell.some((c) => sourceKey(c) === sourceKey(g))) cell.push(g);
  cells[verb] = cell;
}

function rowOrder(a: MatrixRow, b: MatrixRow): number {
  const scope = (r: MatrixRow) => (r.namespace === null ? '' : `~${r.namespace}`);
  return (
    scope(a).localeCompare(scope(b)) ||
    a.group.localeCompare(b.group) ||
    a.resource.localeCompare(b.resource) ||
    (a.resourceNames ?? []).join().localeCompare((b.resourceNames ?? []).join())
  );
}

/** Builds the matrix from the rules, keeping only the grants `keep` accepts (direct or group ones). */
export function buildMatrix(
  rules: EffectiveRuleDto[],
  keep: (g: GrantSourceDto) => boolean,
): PermissionMatrix {
  const rows = new Map<string, MatrixRow>();
  const urls = new Map<string, UrlRow>();
  for (const rule of rules) {
    const grants = rule.grantedBy.filter(keep);
    if (grants.length === 0) continue;
    for (const path of rule.nonResourceURLs ?? []) {
      const row = urls.get(path) ?? { key: path, path, cells: {} };
      urls.set(path, row);
      for (const verb of rule.verbs) addGrants(row.cells, verb, grants);
    }
    const names = rule.resourceNames?.length ? [...rule.resourceNames].sort() : undefined;
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) {
        const key = JSON.stringify([rule.namespace, group, resource, names ?? []]);
        let row = rows.get(key);
        if (!row) {
          row = { key, namespace: rule.namespace, group, resource, cells: {} };
          if (names) row.resourceNames = names;
          rows.set(key, row);
        }
        for (const verb of rule.verbs) addGrants(row.cells, verb, grants);
      }
    }
  }
  const sortedRows = [...rows.values()].sort(rowOrder);
  const urlRows = [...urls.values()].sort((a, b) => a.path.localeCompare(b.path));
  return {
    verbs: sortVerbs(sortedRows.flatMap((r) => Object.keys(r.cells))),
    rows: sortedRows,
    urlVerbs: sortVerbs(urlRows.flatMap((r) => Object.keys(r.cells))),
    urlRows,
  };
}
