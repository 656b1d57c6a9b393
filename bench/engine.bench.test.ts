// RBAC engine at scale (issue 8 §2): index build, effective permissions and authorize for one
// ServiceAccount on a generated world of 10,000 bindings, 2,000 roles and 5,000 ServiceAccounts.
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { authorize } from '@/lib/rbac/decide';
import { BENCHMARK_WORLD_SIZES, generateWorld } from '@/lib/rbac/generate';
import { randomRequests } from '@/lib/rbac/generate-requests';
import { serviceAccountUser } from '@/lib/rbac/identity';
import { effectivePermissions } from '@/lib/rbac/permissions';
import { buildRbacIndex } from '@/lib/rbac/rbac-index';
import { summary } from './stats.mjs';

it('measures the RBAC engine', () => {
  const world = generateWorld(2026, BENCHMARK_WORLD_SIZES);
  const bindings = world.roleBindings.length + world.clusterRoleBindings.length;
  const roles = world.roles.length + world.clusterRoles.length;
  const builds: number[] = [];
  let index = buildRbacIndex(world);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    index = buildRbacIndex(world);
    builds.push(performance.now() - t);
  }
  const heapAfter = process.memoryUsage().heapUsed;
  const queries: number[] = [];
  for (const sa of world.serviceAccounts.slice(0, 200)) {
    const t = performance.now();
    effectivePermissions(index, serviceAccountUser(sa.namespace, sa.name));
    queries.push(performance.now() - t);
  }
  const decisions: number[] = [];
  for (const { user, attrs } of randomRequests(7, world, 2000)) {
    const t = performance.now();
    authorize(index, user, attrs);
    decisions.push(performance.now() - t);
  }
  const out = {
    bindings,
    roles,
    serviceAccounts: world.serviceAccounts.length,
    indexBuildMs: summary(builds),
    effectivePermissionsMs: summary(queries),
    authorizeMs: summary(decisions),
    heapDeltaMB: (heapAfter - heapBefore) / 1e6,
  };
  writeFileSync('bench/results/engine.tmp.json', JSON.stringify(out));
  expect(bindings).toBeGreaterThanOrEqual(10_000);
  expect(roles).toBeGreaterThanOrEqual(2_000);
});
