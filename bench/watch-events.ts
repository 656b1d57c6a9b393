// Watch events for the RBAC benchmarks (engine.bench.test.ts, growth-engine.bench.test.ts).
import {
  emptyRbacStore,
  type RbacChange,
  type RbacStore,
  refOf,
  replaceRbacKind,
} from '@/lib/rbac/rbac-store';
import type { Binding, RbacObjects } from '@/lib/rbac/types';

/**
 * Watch events as the cluster would send them for this world, cycling through the kinds of change
 * that cost the most: a RoleBinding's subjects replaced, a ClusterRoleBinding (whose group subjects
 * sit in the largest buckets) replaced, a Role's rules changed, a RoleBinding deleted and re-added.
 */
export function watchEvents(world: RbacObjects, count: number): RbacChange[] {
  const events: RbacChange[] = [];
  let revision = 1_000_000;
  const version = () => ({ resourceVersion: String(++revision) });
  const shifted = (b: Binding): Binding => ({
    ...b,
    subjects: [...b.subjects.slice(1), ...b.subjects.slice(0, 1)],
  });
  for (let i = 0; events.length < count; i++) {
    const rb = world.roleBindings[(i * 7919) % world.roleBindings.length];
    const crb = world.clusterRoleBindings[(i * 104_729) % world.clusterRoleBindings.length];
    const role = world.roles[(i * 1_299_709) % world.roles.length];
    if (!rb || !crb || !role) break;
    const kind = i % 4;
    if (kind === 0) events.push({ type: 'MODIFIED', object: shifted(rb), version: version() });
    if (kind === 1) events.push({ type: 'MODIFIED', object: shifted(crb), version: version() });
    if (kind === 2)
      events.push({
        type: 'MODIFIED',
        object: { ...role, rules: [...role.rules].reverse() },
        version: version(),
      });
    if (kind === 3) {
      events.push({ type: 'DELETED', ref: refOf(rb), version: version() });
      events.push({ type: 'ADDED', object: rb, version: version() });
    }
  }
  return events;
}

/** The watch-fed store of this world as the first list of every kind leaves it. */
export function listedStore(world: RbacObjects): RbacStore {
  const store = emptyRbacStore();
  for (const [kind, list] of [
    ['Role', world.roles],
    ['ClusterRole', world.clusterRoles],
    ['RoleBinding', world.roleBindings],
    ['ClusterRoleBinding', world.clusterRoleBindings],
  ] as const) {
    replaceRbacKind(
      store,
      kind,
      list.map((object) => ({ object, version: { resourceVersion: '1' } })),
    );
  }
  return store;
}
