// The RBAC engine's growth curve (issue 17 §1): index build, effective permissions of one
// ServiceAccount, who may list pods in a namespace, and one watch event applied, on generated worlds
// of 1k, 10k and 100k bindings (BENCHMARK_WORLD_SIZES × TOKENSCOPE_BENCH_GROWTH_SCALES, the same
// worlds bench/growth.mjs loads into the cluster). Writes bench/results/growth-engine.tmp.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { serviceAccountUser } from '@/lib/rbac/identity';
import { effectivePermissions } from '@/lib/rbac/permissions';
import { buildRbacIndex, upsertRole } from '@/lib/rbac/rbac-index';
import { applyRbacChange } from '@/lib/rbac/rbac-store';
import { whoCan } from '@/lib/rbac/who-can';
import { BENCHMARK_WORLD_SIZES, generateWorld } from '@/test/support/rbac/generate';
import { scaleSizes } from './growth-math.mjs';
import { summary } from './stats.mjs';
import { listedStore, watchEvents } from './watch-events';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const scales = (process.env.TOKENSCOPE_BENCH_GROWTH_SCALES ?? '0.1,1').split(',').map(Number);
// TOKENSCOPE_BENCH_CPU_PROFILE=DIR writes one V8 CPU profile per phase and size there
// (`<phase>-<bindings>.cpuprofile`; bench/profile-summary.mjs prints their top self times).
const profileDir = process.env.TOKENSCOPE_BENCH_CPU_PROFILE;

function post<T>(session: Session, method: string, params?: object): T {
  let out: T | undefined;
  let failure: Error | null = null;
  // Session.post on an in-thread session answers synchronously.
  session.post(method, params, (err, result) => {
    failure = err;
    out = result as T;
  });
  if (failure) throw failure;
  return out as T;
}

/** Runs fn, profiled into profileDir/<name>.cpuprofile when profiling is on. */
function profiled<T>(name: string, fn: () => T): T {
  if (!profileDir) return fn();
  mkdirSync(profileDir, { recursive: true });
  const session = new Session();
  session.connect();
  post(session, 'Profiler.enable');
  post(session, 'Profiler.setSamplingInterval', { interval: 100 });
  post(session, 'Profiler.start');
  try {
    return fn();
  } finally {
    const { profile } = post<{ profile: object }>(session, 'Profiler.stop');
    session.disconnect();
    writeFileSync(`${profileDir}/${name}.cpuprofile`, JSON.stringify(profile));
  }
}

// CPU time (this process, all threads: the GC's helpers too) of every timed call, per label. On a
// shared machine the wall time also counts the time other processes held the cores; the CPU time
// is what the engine itself spent, and the two agree on a quiet machine.
const cpuMs = new Map<string, number[]>();
let cpuLabel = '';

function timed(fn: () => unknown): number {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  if (cpuLabel) cpuMs.set(cpuLabel, [...(cpuMs.get(cpuLabel) ?? []), (d.user + d.system) / 1000]);
  return wall;
}

function cpuSummary(label: string) {
  return summary(cpuMs.get(label) ?? []);
}

/** `count` items spread over the whole list (a stride), so every part of the world is asked. */
function spread<T>(items: readonly T[], count: number, offset = 0): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  const out: T[] = [];
  for (let i = offset % step; i < items.length && out.length < count; i += step) {
    const item = items[i];
    if (item !== undefined) out.push(item);
  }
  return out;
}

function measure(scale: number) {
  const t0 = performance.now();
  const world = generateWorld(2026, scaleSizes(BENCHMARK_WORLD_SIZES, scale), { prefix: 'bw-' });
  const generateMs = performance.now() - t0;
  const bindings = world.roleBindings.length + world.clusterRoleBindings.length;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const index = buildRbacIndex(world);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  // 7 builds (5 at 100k bindings) after the untimed one above.
  cpuLabel = `build-${scale}`;
  const builds = profiled(`index-build-${bindings}`, () =>
    Array.from({ length: bindings > 50_000 ? 5 : 7 }, () => timed(() => buildRbacIndex(world))),
  );
  gc();

  const users = (n: number, offset: number) =>
    spread(world.serviceAccounts, n, offset).map((sa) => serviceAccountUser(sa.namespace, sa.name));
  for (const u of users(50, 1)) effectivePermissions(index, u);
  let rules = 0;
  cpuLabel = `permissions-${scale}`;
  const permissions = profiled(`effective-permissions-${bindings}`, () =>
    users(200, 0).map((u) =>
      timed(() => {
        rules += effectivePermissions(index, u).rules.length;
      }),
    ),
  );
  gc();

  const namespaces = world.namespaces;
  const ask = (namespace: string) => whoCan(index, { verb: 'list', group: '', resource: 'pods', namespace });
  for (const ns of spread(namespaces, 20, 1)) ask(ns);
  let subjects = 0;
  cpuLabel = `who-can-${scale}`;
  const whoCanMs = profiled(`who-can-${bindings}`, () =>
    Array.from({ length: 100 }, (_, i) => {
      const ns = namespaces[(i * 7) % namespaces.length] ?? 'default';
      return timed(() => {
        subjects += ask(ns).length;
      });
    }),
  );
  gc();

  // The first answer after a change: effective permissions refill the shared-groups part (any
  // change) and who-can its ClusterRoleBinding rule index (a ClusterRole or ClusterRoleBinding
  // change). A ClusterRole re-applied unchanged bumps both revisions; 5 samples each.
  const coldUsers = users(5, 3);
  const clusterRole = world.clusterRoles[0];
  const cold = (ask1: (i: number) => unknown) =>
    Array.from({ length: 5 }, (_, i) => {
      if (clusterRole) upsertRole(index, clusterRole);
      return timed(() => ask1(i));
    });
  cpuLabel = '';
  const effectiveColdMs = cold((i) =>
    effectivePermissions(index, coldUsers[i % coldUsers.length] ?? { username: 'none', groups: [] }),
  );
  const whoCanColdMs = cold((i) => ask(namespaces[i % namespaces.length] ?? 'default'));
  gc();

  cpuLabel = '';
  const store = listedStore(world);
  const eventMs: number[] = [];
  for (const [i, event] of watchEvents(world, 2_200).entries()) {
    const ms = timed(() => applyRbacChange(store, event));
    if (i >= 200) eventMs.push(ms);
  }
  return {
    scale,
    bindings,
    roles: world.roles.length + world.clusterRoles.length,
    serviceAccounts: world.serviceAccounts.length,
    namespaces: world.namespaces.length,
    generateMs,
    indexBuildMs: summary(builds),
    indexBuildCpuMs: cpuSummary(`build-${scale}`),
    indexHeapMB: (heapAfter - heapBefore) / 1e6,
    effectivePermissionsMs: summary(permissions),
    effectivePermissionsCpuMs: cpuSummary(`permissions-${scale}`),
    rulesPerAccount: rules / permissions.length,
    effectivePermissionsAfterChangeMs: summary(effectiveColdMs),
    whoCanAfterChangeMs: summary(whoCanColdMs),
    whoCanMs: summary(whoCanMs),
    whoCanCpuMs: cpuSummary(`who-can-${scale}`),
    subjectsPerWhoCan: subjects / whoCanMs.length,
    applyEventMs: summary(eventMs),
  };
}

it('measures the RBAC engine at growing world sizes', () => {
  const sizes = scales.map((s) => {
    const out = measure(s);
    gc();
    return out;
  });
  writeFileSync('bench/results/growth-engine.tmp.json', JSON.stringify({ sizes }));
  expect(sizes.length).toBe(scales.length);
  for (const s of sizes) expect(s.whoCanMs.n).toBe(100);
}, 1_800_000);
