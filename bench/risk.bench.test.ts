// Risk with proof at scale (issue 14 §3): the whole-cluster risk analysis (every subject's findings
// and the shortest escalation path of every account) on the 10,000-binding world, and one escalation
// path query on that analysis, next to how many findings and paths it found.
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildRbacIndex } from '@/lib/rbac/rbac-index';
import { accountFindings, analyzeRisk, escalationPath } from '@/lib/rbac/risk';
import type { Subject } from '@/lib/rbac/types';
import { BENCHMARK_WORLD_SIZES, generateWorld } from '@/test/support/rbac/generate';
import { summary } from './stats.mjs';

it('measures the risk analysis and escalation path queries', async () => {
  const world = generateWorld(2026, BENCHMARK_WORLD_SIZES);
  const index = buildRbacIndex(world);
  const bindings = world.roleBindings.length + world.clusterRoleBindings.length;
  // One untimed run warms the JIT and the per-rule check cache, as a long-lived server's would be.
  const coldStart = performance.now();
  let analysis = analyzeRisk(index, world.serviceAccounts);
  const coldMs = performance.now() - coldStart;
  // Wall time, and the CPU time of this process: the machine is shared, so the second says how much
  // of the wall time was the analysis itself rather than waiting for a core.
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 7; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    analysis = analyzeRisk(index, world.serviceAccounts);
    runs.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  // A path query as the account page makes it: the account's findings and its shortest path.
  const accounts: Subject[] = world.serviceAccounts.map((sa) => ({ kind: 'ServiceAccount', ...sa }));
  for (const a of accounts.slice(200, 250)) {
    escalationPath(analysis, a);
    accountFindings(analysis, a);
  }
  const queries: number[] = [];
  let withPath = 0;
  let longest = 0;
  for (const a of accounts.slice(0, 1000)) {
    const t = performance.now();
    const path = escalationPath(analysis, a);
    accountFindings(analysis, a);
    queries.push(performance.now() - t);
    if (path) {
      withPath++;
      longest = Math.max(longest, path.steps.length);
    }
  }
  const bySeverity: Record<string, number> = {};
  for (const f of analysis.findings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  const out = {
    bindings,
    serviceAccounts: world.serviceAccounts.length,
    riskAnalysisMs: summary(runs),
    riskAnalysisCpuMs: summary(cpu),
    riskAnalysisColdMs: coldMs,
    loadAverage: (await import('node:os')).loadavg(),
    escalationPathMs: summary(queries),
    findings: analysis.findings.length,
    bySeverity,
    adminAccounts: analysis.adminOf.size,
    accountsWithPath: analysis.next.size,
    sampledWithPath: withPath,
    longestSampledPath: longest,
  };
  writeFileSync('bench/results/risk.tmp.json', JSON.stringify(out));
  expect(bindings).toBeGreaterThanOrEqual(10_000);
  expect(analysis.findings.length).toBeGreaterThan(0);
});
