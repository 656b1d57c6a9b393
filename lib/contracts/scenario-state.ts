// Zod-free: the scenario cards and the guided view show these without shipping zod.

/**
 * Whether a scenario object is in the cluster, read from the label Tokenscope puts on what a
 * scenario applies (SCENARIO_LABEL): `applied` carries the label, `foreign` exists without it
 * (someone else's, left alone), `unknown` could not be read (no rights, or the cluster is down).
 */
export type ObjectPresence = 'applied' | 'absent' | 'foreign' | 'unknown';

export interface ScenarioObjectState {
  kind: string;
  name: string;
  namespace?: string;
  /** The manifest file that declares it. */
  file: string;
  presence: ObjectPresence;
}

/** How much of a set of objects the cluster holds, in the words the cards and steps use. */
export function presenceSummary(objects: readonly ScenarioObjectState[]): {
  state: 'applied' | 'partial' | 'absent' | 'unknown';
  applied: number;
  total: number;
} {
  const total = objects.length;
  const applied = objects.filter((o) => o.presence === 'applied').length;
  if (total > 0 && objects.every((o) => o.presence === 'unknown')) return { state: 'unknown', applied, total };
  if (total > 0 && applied === total) return { state: 'applied', applied, total };
  return { state: applied > 0 ? 'partial' : 'absent', applied, total };
}
