/**
 * Picks users for generated requests: members of the subjects a binding names, or random identities
 * of the world, shaped like what the API server authenticates (ServiceAccounts get their groups).
 */
import type { World } from './generate';
import type { ServiceAccountRef } from './generate-rules';
import {
  ALL_SERVICE_ACCOUNTS_GROUP,
  AUTHENTICATED_GROUP,
  SERVICE_ACCOUNT_GROUP_PREFIX,
  serviceAccountUser,
} from '@/lib/rbac/identity';
import type { Rng } from './random';
import type { Subject, UserInfo } from '@/lib/rbac/types';

/** The identities of a world, indexed for quick picking. */
export interface Population {
  world: World;
  saByNamespace: Map<string, ServiceAccountRef[]>;
  usersByName: Map<string, UserInfo>;
}

/** Indexes a world's ServiceAccounts and users. */
export function populationOf(world: World): Population {
  const saByNamespace = new Map<string, ServiceAccountRef[]>();
  for (const sa of world.serviceAccounts) {
    const list = saByNamespace.get(sa.namespace);
    if (list) list.push(sa);
    else saByNamespace.set(sa.namespace, [sa]);
  }
  return { world, saByNamespace, usersByName: new Map(world.users.map((u) => [u.username, u])) };
}

/** Picks a ServiceAccount user, from one namespace if given (its "default" account if it has none). */
export function randomServiceAccountUser(rng: Rng, pop: Population, namespace?: string): UserInfo {
  const pool = namespace === undefined ? pop.world.serviceAccounts : (pop.saByNamespace.get(namespace) ?? []);
  const sa = pool.length > 0 ? rng.pick(pool) : { namespace: namespace ?? 'default', name: 'default' };
  return serviceAccountUser(sa.namespace, sa.name);
}

/** Picks any user of the world, a ServiceAccount half of the time. */
export function randomUser(rng: Rng, pop: Population): UserInfo {
  return rng.chance(0.5) ? randomServiceAccountUser(rng, pop) : rng.pick(pop.world.users);
}

function memberOf(rng: Rng, pop: Population, group: string): UserInfo {
  if (group === ALL_SERVICE_ACCOUNTS_GROUP) return randomServiceAccountUser(rng, pop);
  if (group.startsWith(SERVICE_ACCOUNT_GROUP_PREFIX)) {
    return randomServiceAccountUser(rng, pop, group.slice(SERVICE_ACCOUNT_GROUP_PREFIX.length));
  }
  if (group === AUTHENTICATED_GROUP) return randomUser(rng, pop);
  const members = pop.world.users.filter((u) => u.groups.includes(group));
  if (members.length > 0) return rng.pick(members);
  return { username: `${pop.world.prefix}member`, groups: [group, AUTHENTICATED_GROUP] };
}

/** Picks a user the subject applies to, defaulting a ServiceAccount's namespace like a RoleBinding. */
export function userForSubject(
  rng: Rng,
  pop: Population,
  subject: Subject,
  bindingNamespace: string,
): UserInfo {
  if (subject.kind === 'Group') return memberOf(rng, pop, subject.name);
  if (subject.kind === 'User') {
    return pop.usersByName.get(subject.name) ?? { username: subject.name, groups: [AUTHENTICATED_GROUP] };
  }
  const namespace = subject.namespace || bindingNamespace;
  return namespace ? serviceAccountUser(namespace, subject.name) : randomUser(rng, pop);
}
