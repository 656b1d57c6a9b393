/**
 * ClusterRole aggregation as done by the clusterrole-aggregation controller
 * (pkg/controller/clusterroleaggregation). The authorizer itself only reads the materialized rules;
 * this exists so generated worlds carry exactly the rules the controller would write.
 */
import type { ClusterRoleSelector, LabelSelectorRequirement, PolicyRule, Role } from './types';

/** Reports whether labels satisfy one requirement, like labels.Requirement.Matches; unknown operators never match. */
export function requirementMatches(
  req: LabelSelectorRequirement,
  labels: Record<string, string> | undefined,
): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, req.key);
  const value = labels?.[req.key];
  const values = req.values ?? [];
  if (req.operator === 'In') return has && value !== undefined && values.includes(value);
  if (req.operator === 'NotIn') return !has || value === undefined || !values.includes(value);
  if (req.operator === 'Exists') return has;
  if (req.operator === 'DoesNotExist') return !has;
  return false;
}

/** Reports whether labels satisfy a selector; an empty selector selects everything, as upstream. */
export function selectorMatches(
  selector: ClusterRoleSelector,
  labels: Record<string, string> | undefined,
): boolean {
  return (
    Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels?.[key] === value) &&
    (selector.matchExpressions ?? []).every((req) => requirementMatches(req, labels))
  );
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Compares rules like equality.Semantic.DeepEqual: order matters, a missing list equals an empty one. */
export function rulesEqual(a: PolicyRule, b: PolicyRule): boolean {
  return (
    sameList(a.verbs, b.verbs) &&
    sameList(a.apiGroups, b.apiGroups) &&
    sameList(a.resources, b.resources) &&
    sameList(a.resourceNames, b.resourceNames) &&
    sameList(a.nonResourceURLs, b.nonResourceURLs)
  );
}

// Go sorts role names bytewise; for the ASCII names Kubernetes allows, code-unit order is the same.
const byName = (a: Role, b: Role): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Computes the rules the controller writes into an aggregated ClusterRole: per selector, the matching
 * ClusterRoles sorted by name (itself excluded), their rules appended unless an equal rule is present.
 */
export function aggregatedRules(role: Role, clusterRoles: readonly Role[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const sources = clusterRoles.filter((r) => r.name !== role.name && selectorMatches(selector, r.labels));
    for (const source of [...sources].sort(byName)) {
      for (const rule of source.rules) {
        if (!rules.some((existing) => rulesEqual(existing, rule))) rules.push(rule);
      }
    }
  }
  return rules;
}

/**
 * Returns the ClusterRoles with every aggregated role's rules materialized from the input rules, one
 * controller pass; chains of aggregated roles converge upstream only over several passes.
 */
export function materializeAggregation(clusterRoles: readonly Role[]): Role[] {
  return clusterRoles.map((role) =>
    role.aggregationRule ? { ...role, rules: aggregatedRules(role, clusterRoles) } : role,
  );
}
