import { ClusterForm } from '@/components/ui/cluster-link';
import type {
  EscalationPathDto,
  RiskFindingDto,
  RiskGrantDto,
  RiskQuery,
  RiskReport,
} from '@/lib/contracts/risk';
import { ruleText } from '@/components/serviceaccounts/sa-format';
import { RbacSubject } from './rbac-subject';
import { RiskProve } from './risk-prove';

const SEVERITY_STYLE: Record<RiskFindingDto['severity'], string> = {
  critical: 'border-red-400 bg-red-100 text-red-950 dark:border-red-700 dark:bg-red-950/60 dark:text-red-50',
  high: 'border-orange-300 bg-orange-50 text-orange-950 dark:border-orange-800 dark:bg-orange-950/40 dark:text-orange-100',
  medium:
    'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/30 dark:text-amber-100',
};

export const RISK_CODE_LABELS: Record<RiskFindingDto['code'], string> = {
  'mint-tokens': 'Mint tokens',
  impersonate: 'Impersonate',
  'escalate-or-bind': 'Escalate or bind',
  'read-secrets': 'Read Secrets',
  'create-workloads': 'Create pods or controllers',
  'run-as-more-privileged': 'Pods as a stronger account',
  'exec-pods': 'Exec, attach, port-forward',
  'nodes-proxy': 'nodes/proxy',
  'approve-csr': 'Approve CSRs',
  'mutate-webhooks': 'Change webhooks',
  wildcard: '* on *',
  'wildcard-partial': 'Wildcard verbs or resources',
};

const field =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900';

/** The filters: a plain GET form, so a filtered view is a shareable URL rendered on the server. */
export function RiskFilters({ query }: { query: RiskQuery }) {
  return (
    <ClusterForm
      method="get"
      action="/rbac/risk"
      aria-label="Filter findings"
      className="flex flex-wrap items-end gap-3"
    >
      <label className="flex flex-col gap-1 text-sm">
        <span>Severity</span>
        <select name="severity" defaultValue={query.severity ?? ''} className={field}>
          <option value="">All</option>
          <option value="critical">Critical</option>
          <option value="high">High</option>
          <option value="medium">Medium</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span>Finding</span>
        <select name="code" defaultValue={query.code ?? ''} className={field}>
          <option value="">All</option>
          {Object.entries(RISK_CODE_LABELS).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span>Subject kind</span>
        <select name="subjectKind" defaultValue={query.subjectKind ?? ''} className={field}>
          <option value="">All</option>
          <option value="ServiceAccount">ServiceAccount</option>
          <option value="User">User</option>
          <option value="Group">Group</option>
        </select>
      </label>
      <label className="flex min-w-0 flex-col gap-1 text-sm">
        <span>Name contains</span>
        <input
          type="search"
          name="q"
          defaultValue={query.q ?? ''}
          placeholder="subject, namespace, binding, role"
          className={`${field} w-64 max-w-full`}
        />
      </label>
      <label className="flex items-center gap-2 pb-1.5 text-sm">
        <input
          type="checkbox"
          name="hideSystem"
          value="false"
          defaultChecked={query.hideSystem === 'false'}
        />
        <span>Include system: subjects and bindings</span>
      </label>
      <button
        type="submit"
        className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700"
      >
        Filter
      </button>
    </ClusterForm>
  );
}

/** Pairs items with stable keys, numbering repeats (a role may list the same rule twice). */
function withKeys<T>(items: readonly T[], keyOf: (item: T) => string): [string, T][] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = keyOf(item);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return [n === 0 ? base : `${base}#${n}`, item];
  });
}

const findingKey = (f: RiskFindingDto): string =>
  `${f.code}/${f.subject.kind}/${f.subject.namespace ?? ''}/${f.subject.name}/${bindingText(f.grant)}/${ruleText(f.grant.rule)}`;

function bindingText(g: RiskGrantDto): string {
  return g.binding.kind === 'RoleBinding'
    ? `RoleBinding ${g.binding.namespace}/${g.binding.name}`
    : `ClusterRoleBinding ${g.binding.name}`;
}

/** binding → role → rule, the exact grant. */
export function GrantChain({ grant }: { grant: RiskGrantDto }) {
  return (
    <p className="mt-1 break-words text-xs">
      <span className="font-mono">{bindingText(grant)}</span> →{' '}
      <span className="font-mono">
        {grant.role.kind} {grant.role.name}
      </span>{' '}
      → <span className="font-mono">{ruleText(grant.rule)}</span>
      <span className="opacity-80">
        {' '}
        ({grant.namespace === null ? 'cluster-wide' : `in ${grant.namespace}`})
      </span>
    </p>
  );
}

function claimText(c: RiskFindingDto['claim']): string {
  const res = `${c.resource}${c.subresource ? `/${c.subresource}` : ''}${c.name ? ` ${c.name}` : ''}`;
  return `${c.verb} ${res}${c.group ? ` (${c.group})` : ''}${c.namespace ? ` in ${c.namespace}` : ' cluster-wide'}`;
}

/** The two-account chain a mint finding names (a ServiceAccount minting for one named account). */
function mintChain(f: RiskFindingDto) {
  if (f.code !== 'mint-tokens' || f.subject.kind !== 'ServiceAccount' || !f.subject.namespace)
    return undefined;
  if (f.claim.name === undefined) return undefined;
  const targetNs = f.claim.namespace || f.subject.namespace;
  return [
    { namespace: f.subject.namespace, name: f.subject.name },
    { namespace: targetNs, name: f.claim.name },
  ];
}

export function RiskFindingItem({
  finding: f,
  proveDisabled,
}: {
  finding: RiskFindingDto;
  proveDisabled?: string;
}) {
  const chain = mintChain(f);
  return (
    <li
      data-testid="risk-finding"
      data-code={f.code}
      data-severity={f.severity}
      className={`min-w-0 rounded-lg border p-3 text-sm ${SEVERITY_STYLE[f.severity]}`}
    >
      <p className="font-semibold">
        <span className="mr-2 rounded bg-white/60 px-1.5 py-0.5 text-xs uppercase dark:bg-black/30">
          {f.severity}
        </span>{' '}
        {f.title}
      </p>
      <p className="mt-1 break-words">
        <RbacSubject subject={f.subject} /> — {f.detail}
      </p>
      {f.target && (
        <p className="mt-1 text-xs">
          Could run as{' '}
          <RbacSubject
            subject={{ kind: 'ServiceAccount', namespace: f.target.namespace, name: f.target.name }}
          />
        </p>
      )}
      <GrantChain grant={f.grant} />
      <p className="mt-1 break-words text-xs opacity-80">
        For example: <span className="font-mono">{claimText(f.claim)}</span>
      </p>
      {chain && <RiskProve request={{ chain }} disabledReason={proveDisabled} />}
    </li>
  );
}

/** Findings grouped by severity, each group a list. */
export function RiskFindings({ report, proveDisabled }: { report: RiskReport; proveDisabled?: string }) {
  if (report.findings.length === 0)
    return (
      <p
        data-testid="risk-empty"
        className="rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-700"
      >
        No finding matches these filters. Clear the filters, or include system: subjects to see the bootstrap
        policy&apos;s own grants.
      </p>
    );
  const groups = (['critical', 'high', 'medium'] as const)
    .map((s) => ({ severity: s, items: report.findings.filter((f) => f.severity === s) }))
    .filter((g) => g.items.length > 0);
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600 dark:text-slate-300" aria-live="polite">
        {report.matched} finding(s) match
        {report.matched > report.findings.length
          ? `; the first ${report.findings.length} are shown, narrow the filters for the rest`
          : ''}
        .
      </p>
      {groups.map((g) => (
        <section key={g.severity} aria-labelledby={`sev-${g.severity}`} className="space-y-2">
          <h3 id={`sev-${g.severity}`} className="font-semibold capitalize">
            {g.severity} ({g.items.length})
          </h3>
          <ul className="space-y-2">
            {withKeys(g.items, findingKey).map(([key, f]) => (
              <RiskFindingItem key={key} finding={f} proveDisabled={proveDisabled} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** One escalation path: the steps, each naming the permission used, then why the end is admin. */
export function EscalationPathView({
  path,
  headingLevel = 3,
  proveDisabled,
}: {
  path: EscalationPathDto;
  headingLevel?: 3 | 4;
  proveDisabled?: string;
}) {
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const allMints = path.steps.length > 0 && path.steps.every((s) => s.kind === 'mint');
  const chain = [path.start, ...path.steps.map((s) => s.to)].map((s) => ({
    namespace: s.namespace ?? '',
    name: s.name,
  }));
  return (
    <div
      data-testid="escalation-path"
      className="min-w-0 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700"
    >
      <H className="font-semibold">
        <RbacSubject subject={path.start} />{' '}
        <span className="font-normal text-slate-600 dark:text-slate-300">
          reaches cluster-admin in {path.steps.length} step{path.steps.length === 1 ? '' : 's'}
        </span>
      </H>
      <ol className="mt-2 list-decimal space-y-2 pl-5">
        {withKeys(path.steps, (s) => `${s.kind}/${s.to.namespace ?? ''}/${s.to.name}`).map(([key, s]) => (
          <li key={key} data-testid="escalation-step" data-kind={s.kind} className="min-w-0 break-words">
            <span className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs uppercase dark:bg-slate-800">
              {s.kind === 'pod' ? 'pod' : s.kind === 'mint' ? 'token' : 'impersonate'}
            </span>{' '}
            <RbacSubject subject={s.from} />: {s.text}
            <GrantChain grant={s.grant} />
            {s.commands && (
              <div className="mt-1">
                <p className="text-xs text-slate-600 dark:text-slate-300">
                  Tokenscope does not create pods; by hand, as {s.from.name}:
                </p>
                <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
                  {s.commands.join('\n')}
                </pre>
              </div>
            )}
          </li>
        ))}
        <li className="min-w-0 break-words">
          <span className="mr-1 rounded bg-red-100 px-1.5 py-0.5 text-xs uppercase text-red-900 dark:bg-red-950 dark:text-red-100">
            admin
          </span>{' '}
          <RbacSubject subject={path.steps.at(-1)?.to ?? path.start} /> {path.admin.text}
          {withKeys(path.admin.grants, (g) => `${bindingText(g)}/${ruleText(g.rule)}`).map(([key, g]) => (
            <GrantChain key={key} grant={g} />
          ))}
        </li>
      </ol>
      {allMints && path.start.kind === 'ServiceAccount' ? (
        <RiskProve
          request={{ chain, check: { verb: 'list', group: '', resource: 'secrets' } }}
          disabledReason={proveDisabled}
        />
      ) : (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">
          Only paths made of token mints are proven with real tokens; pod steps are shown as kubectl commands.
        </p>
      )}
    </div>
  );
}

export function EscalationPaths({ report, proveDisabled }: { report: RiskReport; proveDisabled?: string }) {
  if (report.paths.length === 0)
    return (
      <p
        data-testid="paths-empty"
        className="rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-700"
      >
        No account matching these filters can reach cluster-admin-equivalent rights through token mints,
        impersonation or pods ({report.adminAccounts} account(s) hold them directly).
      </p>
    );
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {report.pathsMatched} account(s) can reach cluster-admin-equivalent rights; shortest first
        {report.pathsMatched > report.paths.length ? `, the first ${report.paths.length} shown` : ''}.{' '}
        {report.adminAccounts} account(s) hold them directly.
      </p>
      {report.paths.map((p) => (
        <EscalationPathView
          key={`${p.start.namespace ?? ''}/${p.start.name}`}
          path={p}
          proveDisabled={proveDisabled}
        />
      ))}
    </div>
  );
}
