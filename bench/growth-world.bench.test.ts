// Loads one growth world (issue 17 §1) into the bench's control plane: BENCHMARK_WORLD_SIZES ×
// TOKENSCOPE_BENCH_WORLD_SCALE (0.1, 1, 10: 1k, 10k, 100k bindings), the same generated world as the
// RBAC agreement bench ('bw-' names), created with TOKENSCOPE_BENCH_LOAD_CONCURRENCY creates in flight
// over keep-alive connections, then waits until the aggregation controller and the authorizer have
// caught up. Writes bench/results/growth-world.tmp.json with the time of each phase.
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { dashboardClients } from '@/lib/kube/clients';
import { resetDashboardKubeConfig } from '@/lib/kube/config';
import { waitForAuthorizer, WORLD_LABEL } from '@/test/integration/rbac-world';
import { BENCHMARK_WORLD_SIZES, generateWorld } from '@/test/support/rbac/generate';
import type { Binding, Role } from '@/lib/rbac/types';
import { scaleSizes } from './growth-math.mjs';
import { credentialsOf, kubeHttp, mapLimit } from './kube-http.mjs';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

it('loads a growth world into the bench cluster', async () => {
  // Only the bench's own cluster: this writes up to ~170,000 objects into what the kubeconfig names.
  const kubeconfig = process.env.TOKENSCOPE_BENCH_KUBECONFIG;
  if (!kubeconfig)
    throw new Error('TOKENSCOPE_BENCH_KUBECONFIG must name the bench cluster (npm run bench sets it)');
  const scale = Number(process.env.TOKENSCOPE_BENCH_WORLD_SCALE ?? '0.1');
  const concurrency = Number(process.env.TOKENSCOPE_BENCH_LOAD_CONCURRENCY ?? '32');
  const world = generateWorld(2026, scaleSizes(BENCHMARK_WORLD_SIZES, scale), { prefix: 'bw-' });
  const http = kubeHttp(credentialsOf(kubeconfig), { maxSockets: concurrency });
  const labels = (extra?: Record<string, string>) => ({ [WORLD_LABEL]: 'bw', ...extra });
  let existed = 0;
  const create = async (path: string, body: object) => {
    const res = await http.call('POST', path, body);
    // 409: already there (a data dir reused); anything else but 201 is a failed load.
    if (res.status === 409) existed++;
    else if (res.status !== 201)
      throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  };
  const roleBody = (r: Role) => ({
    metadata: { name: r.name, labels: labels(r.labels) },
    ...(r.aggregationRule ? { aggregationRule: r.aggregationRule, rules: [] } : { rules: r.rules }),
  });
  const bindingBody = (b: Binding) => ({
    metadata: { name: b.name, labels: labels() },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: b.roleRef.kind, name: b.roleRef.name },
    subjects: b.subjects,
  });
  const phases: Record<string, { objects: number; seconds: number }> = {};
  const phase = async <T>(name: string, items: readonly T[], fn: (item: T) => Promise<void>) => {
    const t = performance.now();
    await mapLimit(items, concurrency, fn);
    phases[name] = { objects: items.length, seconds: (performance.now() - t) / 1000 };
  };
  const started = performance.now();
  await phase('namespaces', world.namespaces, (name) =>
    create('/api/v1/namespaces', { metadata: { name, labels: labels() } }),
  );
  // Every namespace gets "default" from the serviceaccount controller.
  const accounts = world.serviceAccounts.filter((sa) => sa.name !== 'default');
  await phase('serviceAccounts', accounts, (sa) =>
    create(`/api/v1/namespaces/${sa.namespace}/serviceaccounts`, {
      metadata: { name: sa.name, labels: labels() },
    }),
  );
  await phase('roles', world.roles, (r) => create(`${RBAC}/namespaces/${r.namespace}/roles`, roleBody(r)));
  // Sources before aggregates, so the controller's first pass already sees every source role.
  await phase(
    'clusterRoles',
    world.clusterRoles.filter((r) => !r.aggregationRule),
    (r) => create(`${RBAC}/clusterroles`, roleBody(r)),
  );
  await phase(
    'aggregatedClusterRoles',
    world.clusterRoles.filter((r) => r.aggregationRule),
    (r) => create(`${RBAC}/clusterroles`, roleBody(r)),
  );
  await phase('clusterRoleBindings', world.clusterRoleBindings, (b) =>
    create(`${RBAC}/clusterrolebindings`, bindingBody(b)),
  );
  await phase('roleBindings', world.roleBindings, (b) =>
    create(`${RBAC}/namespaces/${b.namespace}/rolebindings`, bindingBody(b)),
  );
  const loadSeconds = (performance.now() - started) / 1000;
  http.close();

  process.env.KUBECONFIG = kubeconfig;
  resetDashboardKubeConfig();
  const t = performance.now();
  await waitForAuthorizer(dashboardClients(), world);
  const settleSeconds = (performance.now() - t) / 1000;

  const objects = Object.values(phases).reduce((n, p) => n + p.objects, 0);
  const out = {
    scale,
    world: {
      bindings: world.roleBindings.length + world.clusterRoleBindings.length,
      roles: world.roles.length + world.clusterRoles.length,
      serviceAccounts: world.serviceAccounts.length,
      namespaces: world.namespaces.length,
    },
    concurrency,
    objects,
    existed,
    loadSeconds,
    objectsPerSecond: objects / loadSeconds,
    settleSeconds,
    phases,
    requests: http.stats.requests,
    retries: http.stats.retries,
  };
  writeFileSync('bench/results/growth-world.tmp.json', JSON.stringify(out));
  expect(objects).toBeGreaterThan(0);
  // The 100k world is ~170,000 creates: longer than the bench project's default timeout.
}, 3_600_000);
