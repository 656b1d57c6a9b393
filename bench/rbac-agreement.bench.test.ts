// RBAC agreement at scale (issue 8 §2): a generated world applied to the bench cluster, the time to
// snapshot the cluster's RBAC through lib/kube, and the engine's verdicts next to SubjectAccessReview
// on random requests. Run by bench/run.mjs with TOKENSCOPE_BENCH_KUBECONFIG naming the bench cluster and
// TOKENSCOPE_BENCH_WORLD_SCALE (1 = BENCHMARK_WORLD_SIZES, 0.1 for --quick).
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { dashboardClients } from '@/lib/kube/clients';
import { resetDashboardKubeConfig } from '@/lib/kube/config';
import { listRbacObjects, takeRbacSnapshot } from '@/lib/kube/rbac';
import { subjectAccessReview } from '@/lib/kube/reviews';
import { mapLimit } from '@/lib/kube/serviceaccounts';
import { authorize } from '@/lib/rbac/decide';
import { explain } from '@/lib/rbac/explain';
import { BENCHMARK_WORLD_SIZES, generateWorld, type WorldSizes } from '@/test/support/rbac/generate';
import { randomRequests } from '@/test/support/rbac/generate-requests';
import { buildRbacIndex } from '@/lib/rbac/rbac-index';
import { applyWorld, waitForAuthorizer } from '@/test/integration/rbac-world';
import { summary } from './stats.mjs';

const scale = Number(process.env.TOKENSCOPE_BENCH_WORLD_SCALE ?? '1');
const requestCount = Number(process.env.TOKENSCOPE_BENCH_REQUESTS ?? '500');
const snapshotRuns = Number(process.env.TOKENSCOPE_BENCH_SNAPSHOTS ?? '5');

function scaled(sizes: WorldSizes, factor: number): WorldSizes {
  const out = { ...sizes };
  for (const key of Object.keys(out) as (keyof WorldSizes)[])
    out[key] = Math.max(1, Math.round(sizes[key] * factor));
  return out;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

it('measures engine/SubjectAccessReview agreement on a world in the bench cluster', async () => {
  // Only the bench's own cluster: an ambient KUBECONFIG may name a real cluster, and this writes
  // ~17,000 objects into whatever it points at.
  const kubeconfig = process.env.TOKENSCOPE_BENCH_KUBECONFIG;
  if (!kubeconfig)
    throw new Error('TOKENSCOPE_BENCH_KUBECONFIG must name the bench cluster (npm run bench sets it)');
  process.env.KUBECONFIG = kubeconfig;
  resetDashboardKubeConfig();
  const admin = dashboardClients();
  const world = generateWorld(2026, scaled(BENCHMARK_WORLD_SIZES, scale), { prefix: 'bw-' });

  const applied = await timed(() => applyWorld(admin, world));
  const settled = await timed(() => waitForAuthorizer(admin, world));

  const snapshots: number[] = [];
  const lists: number[] = [];
  const indexes: number[] = [];
  let snapshot = await takeRbacSnapshot(admin);
  for (let i = 0; i < snapshotRuns; i++) {
    const whole = await timed(() => takeRbacSnapshot(admin));
    snapshots.push(whole.ms);
    snapshot = whole.value;
    // The same two halves measured apart: API lists (paged, 500 per call) and the index build.
    const listed = await timed(() => listRbacObjects(admin));
    lists.push(listed.ms);
    const t = performance.now();
    buildRbacIndex(listed.value);
    indexes.push(performance.now() - t);
  }

  const requests = randomRequests(7, world, requestCount);
  const reviewMs: number[] = [];
  const outcomes = await mapLimit(requests, 8, async ({ user, attrs }) => {
    const review = await timed(() => subjectAccessReview(admin, user, attrs));
    reviewMs.push(review.ms);
    return {
      server: review.value.allowed,
      engine: authorize(snapshot.index, user, attrs).allowed,
      explained: explain(snapshot.index, user, attrs, { limit: 1 }).allowed,
      user: user.username,
      attrs,
    };
  });
  const disagreements = outcomes.filter((o) => o.engine !== o.server || o.explained !== o.server);
  const { objects } = snapshot;
  const out = {
    scale,
    world: {
      bindings: world.roleBindings.length + world.clusterRoleBindings.length,
      roles: world.roles.length + world.clusterRoles.length,
      serviceAccounts: world.serviceAccounts.length,
      namespaces: world.namespaces.length,
    },
    objectsCreated: applied.value,
    applySeconds: applied.ms / 1000,
    authorizerSettleSeconds: settled.ms / 1000,
    snapshotObjects: {
      roles: objects.roles.length,
      clusterRoles: objects.clusterRoles.length,
      roleBindings: objects.roleBindings.length,
      clusterRoleBindings: objects.clusterRoleBindings.length,
    },
    snapshotMs: summary(snapshots),
    listMs: summary(lists),
    indexMs: summary(indexes),
    requests: outcomes.length,
    allowedByServer: outcomes.filter((o) => o.server).length,
    agreed: outcomes.length - disagreements.length,
    disagreements: disagreements.slice(0, 20),
    reviewMs: summary(reviewMs),
  };
  writeFileSync('bench/results/rbac-agreement.tmp.json', JSON.stringify(out));
  // Sanity of the measurement itself, not the target: the world must be there and both verdicts present.
  expect(objects.roleBindings.length).toBeGreaterThanOrEqual(world.roleBindings.length);
  expect(out.allowedByServer).toBeGreaterThan(0);
  expect(out.allowedByServer).toBeLessThan(outcomes.length);
});
