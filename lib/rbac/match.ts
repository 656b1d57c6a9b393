/**
 * Rule matching, a line-for-line port of pkg/apis/rbac/v1/evaluation_helpers.go and RuleAllows in
 * plugin/pkg/auth/authorizer/rbac/rbac.go (Kubernetes v1.36).
 */
import type { NonResourceAttributes, PolicyRule, RequestAttributes, ResourceAttributes } from './types';
import { isResourceRequest } from './types';

/** Reports whether the rule lists the verb or `*`. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

/** Reports whether the rule lists the API group or `*`; the core group is the empty string. */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

/** Joins resource and subresource the way the authorizer does before matching ("pods/log"). */
export function combinedResource(resource: string, subresource?: string): string {
  return subresource ? `${resource}/${subresource}` : resource;
}

/**
 * Reports whether the rule covers the resource: `*` covers everything (subresources included), an
 * exact "resource" or "resource/subresource" entry covers itself, and an entry made of `*` followed by
 * "/sub" covers that subresource of every resource.
 * Upstream has no `pods/*` form, so such an entry only matches the literal string.
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource?: string): boolean {
  const combined = combinedResource(resource, subresource);
  return (rule.resources ?? []).some(
    (r) => r === '*' || r === combined || (!!subresource && r === `*/${subresource}`),
  );
}

/** Reports whether the rule's resourceNames admit the name; an empty list admits all, including no name. */
export function resourceNameMatches(rule: PolicyRule, name?: string): boolean {
  const names = rule.resourceNames ?? [];
  // Upstream compares against "" when the request has no name, so a list like [""] would admit it.
  return names.length === 0 || names.includes(name ?? '');
}

/** Reports whether one nonResourceURLs entry covers the path: exact, `*`, or a prefix ending in `*`. */
export function nonResourceURLEntryMatches(entry: string, path: string): boolean {
  if (entry === '*' || entry === path) return true;
  // strings.TrimRight(ruleURL, "*") strips every trailing star, so "/logs**" behaves like "/logs*".
  return entry.endsWith('*') && path.startsWith(entry.replace(/\*+$/, ''));
}

/** Reports whether the rule's nonResourceURLs cover the path. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((entry) => nonResourceURLEntryMatches(entry, path));
}

/** Reports whether the rule allows a resource request, ignoring bindings and namespaces. */
export function ruleAllowsResource(rule: PolicyRule, attrs: ResourceAttributes): boolean {
  return (
    verbMatches(rule, attrs.verb) &&
    apiGroupMatches(rule, attrs.group) &&
    resourceMatches(rule, attrs.resource, attrs.subresource) &&
    resourceNameMatches(rule, attrs.name)
  );
}

/** Reports whether the rule allows a non-resource request; apiGroups/resources are not consulted. */
export function ruleAllowsNonResource(rule: PolicyRule, attrs: NonResourceAttributes): boolean {
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}

/** Reports whether a single rule allows the request, exactly like upstream RuleAllows. */
export function ruleAllows(rule: PolicyRule, attrs: RequestAttributes): boolean {
  return isResourceRequest(attrs) ? ruleAllowsResource(rule, attrs) : ruleAllowsNonResource(rule, attrs);
}

/** Reports whether any rule allows the request, like upstream RulesAllow. */
export function rulesAllow(rules: readonly PolicyRule[], attrs: RequestAttributes): boolean {
  return rules.some((rule) => ruleAllows(rule, attrs));
}

/** Reports whether the rule allows verb/group/resource for at least one object name (names not checked). */
export function ruleCoversAnyName(
  rule: PolicyRule,
  verb: string,
  group: string,
  resource: string,
  subresource?: string,
): boolean {
  return (
    verbMatches(rule, verb) && apiGroupMatches(rule, group) && resourceMatches(rule, resource, subresource)
  );
}
