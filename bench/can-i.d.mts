export interface Rule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
export interface Probe {
  verb: string;
  group?: string;
  resource?: string;
  name?: string;
  url?: string;
}
export function parseCanIList(text: string): Rule[];
export function compareRules(
  a: Rule[],
  b: Rule[],
): { probes: number; differences: number; differing: (Probe & { first: boolean; second: boolean })[] };
export function rulesInNamespace(
  effective: (Rule & { namespace: string | null })[],
  namespace: string,
): Rule[];
