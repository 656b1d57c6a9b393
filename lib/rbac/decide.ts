/**
 * The authorization decision, mirroring RBACAuthorizer.Authorize: visit the rules of every applicable
 * binding in upstream order and allow on the first rule that matches. RBAC never denies; "not allowed"
 * is upstream's DecisionNoOpinion.
 */
import {
  type AppliedBinding,
  applicableBindings,
  bindingRef,
  type RbacIndex,
  resolveRole,
  roleRefOf,
} from './rbac-index';
import { ruleAllows } from './match';
import type { Grant, GrantSource, PolicyRule, RequestAttributes, UserInfo } from './types';
import { isResourceRequest } from './types';

export interface Decision {
  allowed: boolean;
  grantedBy?: Grant;
}

/** Returns the namespace the authorizer scopes a request to; non-resource requests have none. */
export function requestNamespace(attrs: RequestAttributes): string {
  return isResourceRequest(attrs) ? (attrs.namespace ?? '') : '';
}

/** Describes where an applied binding's rules come from. */
export function grantSource(applied: AppliedBinding): GrantSource {
  return {
    binding: bindingRef(applied.entry.binding),
    role: roleRefOf(applied.entry.binding),
    subject: applied.subject,
  };
}

/**
 * Calls visit for each rule the user holds in the request namespace, in upstream VisitRulesFor order,
 * until visit returns false; missing roles are skipped, as upstream logs and continues.
 */
export function visitRulesFor(
  index: RbacIndex,
  user: UserInfo,
  namespace: string,
  visit: (source: AppliedBinding, rule: PolicyRule) => boolean,
): void {
  for (const applied of applicableBindings(index, user, namespace)) {
    const role = resolveRole(index, applied.entry.binding.roleRef, applied.entry.scope ?? '');
    for (const rule of role?.rules ?? []) {
      if (!visit(applied, rule)) return;
    }
  }
}

/** Decides a request like the RBAC authorizer, reporting the first grant upstream would cite. */
export function authorize(index: RbacIndex, user: UserInfo, attrs: RequestAttributes): Decision {
  let grantedBy: Grant | undefined;
  visitRulesFor(index, user, requestNamespace(attrs), (applied, rule) => {
    if (!ruleAllows(rule, attrs)) return true;
    grantedBy = { ...grantSource(applied), rule };
    return false;
  });
  return grantedBy ? { allowed: true, grantedBy } : { allowed: false };
}

/** Lists every rule-level grant that allows the request, in upstream visiting order. */
export function allGrants(index: RbacIndex, user: UserInfo, attrs: RequestAttributes): Grant[] {
  const grants: Grant[] = [];
  visitRulesFor(index, user, requestNamespace(attrs), (applied, rule) => {
    if (ruleAllows(rule, attrs)) grants.push({ ...grantSource(applied), rule });
    return true;
  });
  return grants;
}
