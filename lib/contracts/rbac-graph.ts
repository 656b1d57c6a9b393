/** What the RBAC graph and diff pages may be asked about, from their URL query. */
export const graphKinds = ['ServiceAccount', 'User', 'Group', 'ClusterRole', 'Role', 'Namespace'] as const;
export type GraphKind = (typeof graphKinds)[number];

/** The raw kind/namespace/name strings of a URL query, trimmed to sane lengths. */
export function graphQueryValues(
  query: Record<string, string | string[] | undefined>,
  prefix = '',
): { kind?: string; namespace?: string; name?: string } {
  const pick = (k: string) => {
    const v = query[`${prefix}${k}`];
    return typeof v === 'string' ? v.slice(0, 512) : undefined;
  };
  const out: { kind?: string; namespace?: string; name?: string } = {};
  for (const k of ['kind', 'namespace', 'name'] as const) {
    const v = pick(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}
