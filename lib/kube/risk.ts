import 'server-only';
import type { AccountRisk, EscalationPathDto, RiskQuery, RiskReport } from '@/lib/contracts/risk';
import { RISK_PAGE_LIMIT } from '@/lib/contracts/risk';
import {
  accountFindings,
  accountKey,
  analyzeRisk,
  type EscalationPath,
  escalationPath,
  podStepCommands,
  type RiskAnalysis,
  type RiskFinding,
  SEVERITIES,
} from '@/lib/rbac/risk';
import type { Subject } from '@/lib/rbac/types';
import type { KubeClients } from './clients';
import { rbacSnapshot, SNAPSHOT_TTL_MS } from './rbac';
import { listServiceAccountNames } from './rbac-bindings';

interface Cached {
  clients: KubeClients;
  at: number;
  promise: Promise<{ analysis: RiskAnalysis; at: Date }>;
}
let cache: Cached | undefined;

/**
 * The whole-cluster analysis as the caller sees RBAC and ServiceAccounts, shared for SNAPSHOT_TTL_MS
 * by concurrent views of the same clients (one analysis is ~0.3 s of CPU at 10k bindings).
 */
export function riskAnalysis(clients: KubeClients): Promise<{ analysis: RiskAnalysis; at: Date }> {
  const now = Date.now();
  if (cache && cache.clients === clients && now - cache.at < SNAPSHOT_TTL_MS) return cache.promise;
  const promise = Promise.all([
    rbacSnapshot(clients, { fresh: true }),
    listServiceAccountNames(clients),
  ]).then(([snapshot, accounts]) => ({ analysis: analyzeRisk(snapshot.index, accounts), at: new Date() }));
  const entry: Cached = { clients, at: now, promise };
  cache = entry;
  promise.catch(() => {
    if (cache === entry) cache = undefined;
  });
  return promise;
}

/** The path as sent: pod steps carry the kubectl commands that would take them by hand. */
export function pathDto(path: EscalationPath): EscalationPathDto {
  return {
    ...path,
    steps: path.steps.map((s) => (s.kind === 'pod' ? { ...s, commands: podStepCommands(s) } : s)),
  };
}

const isSystemSubject = (s: Subject): boolean =>
  s.name.startsWith('system:') || (s.kind === 'ServiceAccount' && s.namespace === 'kube-system');

function isSystem(f: RiskFinding): boolean {
  return isSystemSubject(f.subject) || f.grant.binding.name.startsWith('system:');
}

function text(f: RiskFinding): string {
  const s = f.subject;
  return [s.name, s.namespace ?? '', f.namespace ?? '', f.grant.binding.name, f.grant.role.name, f.title]
    .join('\n')
    .toLowerCase();
}

/** Findings and paths matching the filters (system subjects hidden unless hideSystem is 'false'). */
export async function riskReport(clients: KubeClients, query: RiskQuery): Promise<RiskReport> {
  const { analysis, at } = await riskAnalysis(clients);
  const hide = query.hideSystem !== 'false';
  const needle = query.q?.trim().toLowerCase() ?? '';
  const totals = { critical: 0, high: 0, medium: 0 };
  for (const f of analysis.findings) totals[f.severity]++;
  const matching = analysis.findings.filter(
    (f) =>
      (!query.severity || f.severity === query.severity) &&
      (!query.code || f.code === query.code) &&
      (!query.subjectKind || f.subject.kind === query.subjectKind) &&
      (!hide || !isSystem(f)) &&
      (!needle || text(f).includes(needle)),
  );
  const paths: EscalationPath[] = [];
  for (const [key, account] of analysis.accounts) {
    const steps = analysis.distance.get(key);
    if (steps === undefined || steps === 0) continue;
    if (query.subjectKind && account.kind !== query.subjectKind) continue;
    if (hide && isSystemSubject(account)) continue;
    if (needle && !`${account.namespace ?? ''}/${account.name}`.toLowerCase().includes(needle)) continue;
    const path = escalationPath(analysis, account);
    if (path) paths.push(path);
  }
  paths.sort((a, b) => a.steps.length - b.steps.length);
  return {
    totals,
    findings: matching.slice(0, RISK_PAGE_LIMIT),
    matched: matching.length,
    paths: paths.slice(0, RISK_PAGE_LIMIT).map(pathDto),
    pathsMatched: paths.length,
    adminAccounts: analysis.adminOf.size,
    analyzedAt: at.toISOString(),
  };
}

/** What the ServiceAccount page adds to its warnings: pods as stronger accounts, and its path. */
export async function accountRisk(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<AccountRisk> {
  const { analysis } = await riskAnalysis(clients);
  const account: Subject = { kind: 'ServiceAccount', namespace, name };
  const path = escalationPath(analysis, account);
  return {
    runAs: accountFindings(analysis, account).filter((f) => f.code === 'run-as-more-privileged'),
    path: path && path.steps.length > 0 ? pathDto(path) : null,
    admin: analysis.adminOf.has(accountKey(namespace, name)),
  };
}

export { SEVERITIES };
