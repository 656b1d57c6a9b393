/**
 * Human-oriented explanation of a decision: every grant that allows the request, plus the bindings
 * reaching the user that come closest to allowing it, each with why it falls short.
 */
import { grantSource, requestNamespace } from './decide';
import {
  apiGroupMatches,
  combinedResource,
  nonResourceURLMatches,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  verbMatches,
} from './match';
import { type AppliedBinding, bindingsReachingUser, type RbacIndex, resolveRole } from './rbac-index';
import type {
  Grant,
  GrantSource,
  NonResourceAttributes,
  PolicyRule,
  RequestAttributes,
  ResourceAttributes,
  UserInfo,
} from './types';
import { isResourceRequest } from './types';

export type MismatchField =
  | 'namespace'
  | 'role'
  | 'verb'
  | 'apiGroup'
  | 'resource'
  | 'resourceName'
  | 'nonResourceURL';

export interface Mismatch {
  field: MismatchField;
  reason: string;
}

/** A binding reaching the user that does not allow the request; rule is absent when its role is missing. */
export interface NearMiss extends GrantSource {
  rule?: PolicyRule;
  mismatches: Mismatch[];
}

export interface Explanation {
  allowed: boolean;
  grants: Grant[];
  nearMisses: NearMiss[];
}

export interface ExplainOptions {
  /** Most near misses returned, closest first (default 20). */
  limit?: number;
  /** Rules failing on more fields than this are not reported (default 2). */
  maxMismatches?: number;
}

/** Formats a list the way reasons show it, making the core group's "" visible. */
export function formatList(items: readonly string[] | undefined): string {
  return `[${(items ?? []).map((i) => (i === '' ? '""' : i)).join(', ')}]`;
}

/** Explains why a binding's scope does or does not apply; undefined when it applies. */
export function scopeMismatch(applied: AppliedBinding, attrs: RequestAttributes): Mismatch | undefined {
  const scope = applied.entry.scope;
  if (scope === null) return undefined;
  const where = `RoleBinding in namespace ${scope}`;
  if (!isResourceRequest(attrs))
    return { field: 'namespace', reason: `${where} cannot grant non-resource URLs` };
  const namespace = requestNamespace(attrs);
  if (namespace === scope) return undefined;
  const target = namespace ? `namespace ${namespace}` : 'cluster-scoped or all-namespace requests';
  return { field: 'namespace', reason: `${where} does not apply to ${target}` };
}

function nameMismatch(rule: PolicyRule, name: string | undefined): Mismatch | undefined {
  if (resourceNameMatches(rule, name)) return undefined;
  const names = formatList(rule.resourceNames);
  return {
    field: 'resourceName',
    reason: name
      ? `name "${name}" not in resourceNames ${names}`
      : `resourceNames ${names} do not cover a request without a name`,
  };
}

/** Lists the fields on which a rule fails a resource request, with a reason each. */
export function resourceRuleMismatches(rule: PolicyRule, attrs: ResourceAttributes): Mismatch[] {
  const out: Mismatch[] = [];
  if (!verbMatches(rule, attrs.verb)) {
    out.push({ field: 'verb', reason: `verb "${attrs.verb}" not in ${formatList(rule.verbs)}` });
  }
  if (!apiGroupMatches(rule, attrs.group)) {
    out.push({
      field: 'apiGroup',
      reason: `API group "${attrs.group}" not in ${formatList(rule.apiGroups)}`,
    });
  }
  if (!resourceMatches(rule, attrs.resource, attrs.subresource)) {
    const resource = combinedResource(attrs.resource, attrs.subresource);
    out.push({ field: 'resource', reason: `resource "${resource}" not in ${formatList(rule.resources)}` });
  }
  const name = nameMismatch(rule, attrs.name);
  if (name) out.push(name);
  return out;
}

/** Lists the fields on which a rule fails a non-resource request, with a reason each. */
export function nonResourceRuleMismatches(rule: PolicyRule, attrs: NonResourceAttributes): Mismatch[] {
  const out: Mismatch[] = [];
  if (!verbMatches(rule, attrs.verb)) {
    out.push({ field: 'verb', reason: `verb "${attrs.verb}" not in ${formatList(rule.verbs)}` });
  }
  if (!nonResourceURLMatches(rule, attrs.path)) {
    out.push({
      field: 'nonResourceURL',
      reason: `path "${attrs.path}" not matched by ${formatList(rule.nonResourceURLs)}`,
    });
  }
  return out;
}

// Rules of the other request kind can never match, so they are noise rather than near misses.
function ruleIsRelevant(rule: PolicyRule, attrs: RequestAttributes): boolean {
  const list = isResourceRequest(attrs) ? rule.resources : rule.nonResourceURLs;
  return (list ?? []).length > 0;
}

function fieldCount(attrs: RequestAttributes): number {
  return isResourceRequest(attrs) ? 5 : 3;
}

function missingRole(applied: AppliedBinding): Mismatch {
  const { roleRef } = applied.entry.binding;
  const where = roleRef.kind === 'Role' ? ` in namespace ${applied.entry.scope ?? '""'}` : '';
  return { field: 'role', reason: `${roleRef.kind} "${roleRef.name}" not found${where}` };
}

function examineBinding(index: RbacIndex, applied: AppliedBinding, attrs: RequestAttributes): NearMiss[] {
  const source = grantSource(applied);
  const scope = scopeMismatch(applied, attrs);
  const role = resolveRole(index, applied.entry.binding.roleRef, applied.entry.scope ?? '');
  if (!role)
    return [{ ...source, mismatches: scope ? [scope, missingRole(applied)] : [missingRole(applied)] }];
  return role.rules
    .filter((rule) => ruleIsRelevant(rule, attrs))
    .map((rule) => {
      const own = isResourceRequest(attrs)
        ? resourceRuleMismatches(rule, attrs)
        : nonResourceRuleMismatches(rule, attrs);
      return { ...source, rule, mismatches: scope ? [scope, ...own] : own };
    });
}

/**
 * Explains a request: grants lists every rule that allows it (the first is what authorize reports),
 * nearMisses the closest rules reaching the user that do not, fewest failing fields first.
 */
export function explain(
  index: RbacIndex,
  user: UserInfo,
  attrs: RequestAttributes,
  options: ExplainOptions = {},
): Explanation {
  const { limit = 20, maxMismatches = 2 } = options;
  const grants: Grant[] = [];
  const misses: NearMiss[] = [];
  for (const applied of bindingsReachingUser(index, user)) {
    for (const candidate of examineBinding(index, applied, attrs)) {
      if (candidate.mismatches.length === 0 && candidate.rule && ruleAllows(candidate.rule, attrs)) {
        grants.push({ ...grantSource(applied), rule: candidate.rule });
      } else if (candidate.mismatches.length <= Math.min(maxMismatches, fieldCount(attrs) - 1)) {
        misses.push(candidate);
      }
    }
  }
  // Stable sort keeps upstream visiting order among equally close candidates.
  misses.sort((a, b) => a.mismatches.length - b.mismatches.length);
  return { allowed: grants.length > 0, grants, nearMisses: misses.slice(0, limit) };
}
