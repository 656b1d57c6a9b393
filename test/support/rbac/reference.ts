/**
 * A deliberately naive second implementation of the RBAC authorizer, transcribed from the Go code
 * without sharing any logic with the engine, used by tests to cross-check the indexed engine.
 */
import { serviceAccountUsername } from '@/lib/k8s/serviceaccount-identity';
import type { PolicyRule, RbacObjects, RequestAttributes, Subject, UserInfo } from '@/lib/rbac/types';

function contains(list: string[] | undefined, value: string): boolean {
  for (const item of list ?? []) if (item === value) return true;
  return false;
}

/** Transcription of upstream RuleAllows with evaluation_helpers.go, loop for loop. */
export function referenceRuleAllows(rule: PolicyRule, attrs: RequestAttributes): boolean {
  const verbOk = contains(rule.verbs, '*') || contains(rule.verbs, attrs.verb);
  if ('path' in attrs) {
    let urlOk = false;
    for (const url of rule.nonResourceURLs ?? []) {
      if (url === '*' || url === attrs.path) urlOk = true;
      let trimmed = url;
      while (trimmed.endsWith('*')) trimmed = trimmed.slice(0, -1);
      if (url.endsWith('*') && attrs.path.slice(0, trimmed.length) === trimmed) urlOk = true;
    }
    return verbOk && urlOk;
  }
  const sub = attrs.subresource ?? '';
  const combined = sub.length > 0 ? `${attrs.resource}/${sub}` : attrs.resource;
  const groupOk = contains(rule.apiGroups, '*') || contains(rule.apiGroups, attrs.group);
  let resourceOk = false;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) resourceOk = true;
    else if (sub.length > 0 && r.length === sub.length + 2 && r.slice(0, 2) === '*/' && r.endsWith(sub))
      resourceOk = true;
  }
  const names = rule.resourceNames ?? [];
  const nameOk = names.length === 0 || contains(names, attrs.name ?? '');
  return verbOk && groupOk && resourceOk && nameOk;
}

function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  if (subject.kind === 'User') return user.username === subject.name;
  if (subject.kind === 'Group') return contains(user.groups, subject.name);
  if (subject.kind !== 'ServiceAccount') return false;
  const saNamespace = subject.namespace ? subject.namespace : namespace;
  if (saNamespace === '') return false;
  return user.username === serviceAccountUsername(saNamespace, subject.name);
}

function roleRules(
  objects: RbacObjects,
  kind: string,
  name: string,
  namespace: string,
): PolicyRule[] | undefined {
  if (kind === 'ClusterRole') return objects.clusterRoles.find((r) => r.name === name)?.rules;
  if (kind !== 'Role' || namespace === '') return undefined;
  return objects.roles.find((r) => r.name === name && r.namespace === namespace)?.rules;
}

/** Scans every binding the way DefaultRuleResolver.VisitRulesFor does and reports whether any rule allows. */
export function referenceAuthorize(objects: RbacObjects, user: UserInfo, attrs: RequestAttributes): boolean {
  const namespace = 'path' in attrs ? '' : (attrs.namespace ?? '');
  for (const crb of objects.clusterRoleBindings) {
    if (!crb.subjects.some((s) => appliesToUser(user, s, ''))) continue;
    const rules = roleRules(objects, crb.roleRef.kind, crb.roleRef.name, '') ?? [];
    if (rules.some((rule) => referenceRuleAllows(rule, attrs))) return true;
  }
  if (namespace === '') return false;
  for (const rb of objects.roleBindings) {
    if (rb.namespace !== namespace || !rb.subjects.some((s) => appliesToUser(user, s, namespace))) continue;
    const rules = roleRules(objects, rb.roleRef.kind, rb.roleRef.name, namespace) ?? [];
    if (rules.some((rule) => referenceRuleAllows(rule, attrs))) return true;
  }
  return false;
}
