/**
 * Random but valid PolicyRules for generated worlds: plain resource rules with wildcards and
 * resourceNames, token-security-relevant rules, and nonResourceURLs rules for ClusterRoles.
 */
import {
  API_GROUPS,
  NON_RESOURCE_URL_RULES,
  NON_RESOURCE_VERBS,
  OBJECT_NAMES,
  RESOURCES,
  STANDARD_VERBS,
  WILDCARD_RESOURCES,
} from '@/lib/rbac/catalog';
import type { Rng } from './random';
import type { PolicyRule } from '@/lib/rbac/types';

export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

/** What rule generation needs to know about the world, to pick meaningful resourceNames. */
export interface RuleContext {
  serviceAccounts: ServiceAccountRef[];
  saByNamespace: Map<string, ServiceAccountRef[]>;
}

function resourceRule(rng: Rng, ctx: RuleContext, namespace: string | undefined): PolicyRule {
  const verbs = rng.chance(0.1) ? ['*'] : rng.sample(STANDARD_VERBS, rng.between(1, 3));
  const groups = rng.chance(0.08) ? ['*'] : rng.sample(API_GROUPS, rng.between(1, 2));
  const pool = (groups.includes('*') ? API_GROUPS : groups).flatMap((g) => RESOURCES[g] ?? []);
  const resources = rng.chance(0.1) ? [rng.pick(WILDCARD_RESOURCES)] : rng.sample(pool, rng.between(1, 3));
  const rule: PolicyRule = { verbs, apiGroups: groups, resources };
  if (rng.chance(0.2))
    rule.resourceNames = rng.sample(namePool(ctx, namespace, resources), rng.between(1, 2));
  return rule;
}

function namePool(ctx: RuleContext, namespace: string | undefined, resources: string[]): string[] {
  const forServiceAccounts = resources.some((r) => r.startsWith('serviceaccounts'));
  const accounts = namespace ? ctx.saByNamespace.get(namespace) : ctx.serviceAccounts.slice(0, 20);
  return forServiceAccounts && accounts?.length ? accounts.map((sa) => sa.name) : OBJECT_NAMES;
}

// Rules that matter for token security, so warnings and tokenMinters get exercised.
function specialRule(rng: Rng, ctx: RuleContext, namespace: string | undefined): PolicyRule {
  const kind = rng.int(4);
  if (kind === 0) {
    const rule: PolicyRule = { verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] };
    if (rng.chance(0.5)) rule.resourceNames = rng.sample(namePool(ctx, namespace, ['serviceaccounts']), 2);
    return rule;
  }
  if (kind === 1)
    return {
      verbs: ['impersonate'],
      apiGroups: [''],
      resources: rng.sample(['users', 'groups', 'serviceaccounts'], 2),
    };
  if (kind === 2)
    return {
      verbs: [rng.pick(['escalate', 'bind'])],
      apiGroups: [RBAC_API_GROUP],
      resources: ['roles', 'clusterroles'],
    };
  return { verbs: rng.sample(['get', 'list', 'watch'], 2), apiGroups: [''], resources: ['secrets'] };
}

function nonResourceRule(rng: Rng): PolicyRule {
  const verbs = rng.chance(0.15) ? ['*'] : rng.sample(NON_RESOURCE_VERBS, rng.between(1, 2));
  return { verbs, nonResourceURLs: rng.sample(NON_RESOURCE_URL_RULES, rng.between(1, 2)) };
}

/** Generates one to four valid rules; nonResourceURLs only when namespace is undefined (a ClusterRole). */
export function randomRules(rng: Rng, ctx: RuleContext, namespace: string | undefined): PolicyRule[] {
  return Array.from({ length: rng.between(1, 4) }, () => {
    if (!namespace && rng.chance(0.12)) return nonResourceRule(rng);
    return rng.chance(0.1) ? specialRule(rng, ctx, namespace) : resourceRule(rng, ctx, namespace);
  });
}
