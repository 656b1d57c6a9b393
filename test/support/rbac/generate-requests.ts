/**
 * Random requests against a generated world, derived from its rules so that roughly half are allowed:
 * each request is built to satisfy one rule reachable by its user, then often perturbed on one field.
 */
import {
  API_GROUPS,
  GROUP_VERSIONS,
  isCollectionVerb,
  NON_RESOURCE_PATHS,
  NON_RESOURCE_VERBS,
  OBJECT_NAMES,
  RESOURCES,
  SPECIAL_VERBS,
  STANDARD_VERBS,
} from '@/lib/rbac/catalog';
import { authorize } from '@/lib/rbac/decide';
import type { World } from './generate';
import { type Population, populationOf, randomUser, userForSubject } from './generate-users';
import { createRng, type Rng } from './random';
import { buildRbacIndex, type RbacIndex, resolveRole } from '@/lib/rbac/rbac-index';
import type { Binding, PolicyRule, RequestAttributes, ResourceAttributes, UserInfo } from '@/lib/rbac/types';
import { isResourceRequest } from '@/lib/rbac/types';

export interface GeneratedRequest {
  user: UserInfo;
  attrs: RequestAttributes;
}

interface Ctx {
  rng: Rng;
  world: World;
  pop: Population;
  index: RbacIndex;
}

const ALL_VERBS = [...STANDARD_VERBS, ...SPECIAL_VERBS];

function concrete(rng: Rng, values: readonly string[] | undefined, wildcardPool: readonly string[]): string {
  const value = rng.pick(values?.length ? values : wildcardPool);
  return value === '*' ? rng.pick(wildcardPool) : value;
}

function resourceFor(rng: Rng, entry: string, group: string): string {
  const pool = RESOURCES[group] ?? ['widgets'];
  if (entry === '*') return rng.pick(pool);
  if (!entry.startsWith('*/')) return entry;
  const base = rng.pick(pool).split('/')[0] ?? 'widgets';
  return `${base}${entry.slice(1)}`;
}

function nameFor(
  ctx: Ctx,
  rule: PolicyRule,
  verb: string,
  resource: string,
  namespace: string,
): string | undefined {
  const { rng } = ctx;
  if (rule.resourceNames?.length) return rng.pick(rule.resourceNames);
  // Subresource requests always name their object; collection verbs usually do not.
  if (!resource.includes('/') && isCollectionVerb(verb) && !rng.chance(0.15)) return undefined;
  if (!resource.startsWith('serviceaccounts')) return rng.pick(OBJECT_NAMES);
  const accounts = ctx.pop.saByNamespace.get(namespace) ?? [];
  return accounts.length > 0 ? rng.pick(accounts).name : 'default';
}

function resourceRequest(ctx: Ctx, rule: PolicyRule, scope: string | null): ResourceAttributes {
  const { rng } = ctx;
  const verb = concrete(rng, rule.verbs, STANDARD_VERBS);
  const group = concrete(rng, rule.apiGroups, API_GROUPS);
  const combined = resourceFor(rng, rng.pick(rule.resources?.length ? rule.resources : ['pods']), group);
  const [resource = combined, subresource] = combined.split('/');
  const namespace = scope ?? (rng.chance(0.7) ? rng.pick(ctx.world.namespaces) : '');
  const attrs: ResourceAttributes = {
    verb,
    group,
    version: GROUP_VERSIONS[group] ?? 'v1',
    resource,
    namespace,
  };
  if (subresource) attrs.subresource = subresource;
  const name = nameFor(ctx, rule, verb, combined, namespace);
  if (name !== undefined) attrs.name = name;
  return attrs;
}

function nonResourcePath(rng: Rng, entry: string): string {
  if (entry === '*') return rng.pick(NON_RESOURCE_PATHS);
  return entry.endsWith('*')
    ? `${entry.replace(/\*+$/, '')}${rng.pick(['', 'etcd', 'kube-apiserver.log'])}`
    : entry;
}

function requestFor(ctx: Ctx, rule: PolicyRule, scope: string | null): RequestAttributes {
  if (!rule.nonResourceURLs?.length) return resourceRequest(ctx, rule, scope);
  return {
    verb: concrete(ctx.rng, rule.verbs, NON_RESOURCE_VERBS),
    path: nonResourcePath(ctx.rng, ctx.rng.pick(rule.nonResourceURLs)),
  };
}

function other(rng: Rng, pool: readonly string[], current: string | undefined): string {
  const choices = pool.filter((v) => v !== current);
  return choices.length > 0 ? rng.pick(choices) : (current ?? '');
}

function mutateResource(ctx: Ctx, attrs: ResourceAttributes): ResourceAttributes {
  const { rng } = ctx;
  const out: ResourceAttributes = { ...attrs };
  const field = rng.int(5);
  if (field === 0) out.verb = other(rng, ALL_VERBS, attrs.verb);
  else if (field === 1) out.group = other(rng, API_GROUPS, attrs.group);
  else if (field === 2) {
    const [resource = 'pods', subresource] = rng.pick(Object.values(RESOURCES).flat()).split('/');
    out.resource = resource;
    if (subresource) out.subresource = subresource;
    else delete out.subresource;
  } else if (field === 3) {
    if (attrs.name !== undefined && rng.chance(0.5)) delete out.name;
    else out.name = other(rng, OBJECT_NAMES, attrs.name);
  } else out.namespace = rng.chance(0.3) ? '' : other(rng, ctx.world.namespaces, attrs.namespace);
  return out;
}

function mutate(ctx: Ctx, request: GeneratedRequest): GeneratedRequest {
  const { rng } = ctx;
  if (rng.chance(0.2)) return { user: randomUser(ctx.rng, ctx.pop), attrs: request.attrs };
  if (isResourceRequest(request.attrs))
    return { user: request.user, attrs: mutateResource(ctx, request.attrs) };
  const attrs = rng.chance(0.5)
    ? { verb: other(rng, NON_RESOURCE_VERBS, request.attrs.verb), path: request.attrs.path }
    : { verb: request.attrs.verb, path: other(rng, NON_RESOURCE_PATHS, request.attrs.path) };
  return { user: request.user, attrs };
}

function fromBinding(ctx: Ctx, binding: Binding): GeneratedRequest | undefined {
  const scope = binding.kind === 'RoleBinding' ? (binding.namespace ?? '') : null;
  const rules = resolveRole(ctx.index, binding.roleRef, scope ?? '')?.rules;
  if (!rules?.length || binding.subjects.length === 0) return undefined;
  const user = userForSubject(ctx.rng, ctx.pop, ctx.rng.pick(binding.subjects), scope ?? '');
  return { user, attrs: requestFor(ctx, ctx.rng.pick(rules), scope) };
}

function candidate(ctx: Ctx, bindings: readonly Binding[]): GeneratedRequest {
  const base = bindings.length > 0 ? fromBinding(ctx, ctx.rng.pick(bindings)) : undefined;
  if (!base)
    return {
      user: randomUser(ctx.rng, ctx.pop),
      attrs: requestFor(ctx, { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, null),
    };
  return ctx.rng.chance(0.6) ? mutate(ctx, base) : base;
}

export interface RandomRequestOptions {
  /** Share of allowed requests to aim for (default 0.5). */
  allowedShare?: number;
}

/**
 * Generates n reproducible (user, request) pairs for a world. Candidates start from a rule some
 * binding grants to the user and are often changed on one field; the engine then sorts them so the
 * share of allowed ones hits the target, which only picks the mix and never decides an expected outcome.
 */
export function randomRequests(
  seed: number,
  world: World,
  n: number,
  options: RandomRequestOptions = {},
): GeneratedRequest[] {
  const index = buildRbacIndex(world);
  const ctx: Ctx = { rng: createRng(seed ^ 0x5bd1e995), world, pop: populationOf(world), index };
  const bindings = [...world.clusterRoleBindings, ...world.roleBindings];
  const wantAllowed = Math.round(n * (options.allowedShare ?? 0.5));
  const out: GeneratedRequest[] = [];
  let allowed = 0;
  // Give up on the balance rather than loop forever in worlds where one outcome is very rare.
  for (let attempts = 0; out.length < n; attempts++) {
    const request = candidate(ctx, bindings);
    const isAllowed = authorize(index, request.user, request.attrs).allowed;
    const room = isAllowed ? allowed < wantAllowed : out.length - allowed < n - wantAllowed;
    if (!room && attempts < 50 * n) continue;
    out.push(request);
    if (isAllowed) allowed++;
  }
  return out;
}
