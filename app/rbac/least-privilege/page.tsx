import type { Metadata } from 'next';
import Link, { ClusterForm } from '@/components/ui/cluster-link';
import { Suspense } from 'react';
import { GrantedTable, UsedRequestsTable } from '@/components/rbac/least-privilege-tables';
import { LeastPrivilegeLoop } from '@/components/rbac/least-privilege-loop';
import { inputClass, primaryButtonClass } from '@/components/ui/form-styles';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { AppError } from '@/lib/contracts/errors';
import type { LeastPrivilegeReport } from '@/lib/contracts/least-privilege';
import { unusedGrants } from '@/lib/rbac/least-privilege';
import { leastPrivilegeReport } from '@/lib/server/audit/least-privilege';
import { env } from '@/lib/server/env';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { RbacTabs } from '@/components/rbac/rbac-tabs';

export const metadata: Metadata = { title: 'Least privilege' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const WINDOWS = [
  { seconds: 900, label: 'last 15 minutes' },
  { seconds: 3600, label: 'last hour' },
  { seconds: 6 * 3600, label: 'last 6 hours' },
  { seconds: 24 * 3600, label: 'last 24 hours' },
  { seconds: 7 * 24 * 3600, label: 'last 7 days' },
];

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function one(v: string | string[] | undefined): string {
  return typeof v === 'string' ? v.trim().slice(0, 253) : '';
}

export default function LeastPrivilegePage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <>
      <RbacTabs path="/rbac/least-privilege" />
      <Suspense fallback={<PageLoading />}>
        <LeastPrivilege searchParams={searchParams} />
      </Suspense>
    </>
  );
}

async function LeastPrivilege({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const namespace = one(query.namespace);
  const name = one(query.name);
  const windowSeconds = WINDOWS.find((w) => String(w.seconds) === one(query.window))?.seconds ?? 3600;
  const chosen = namespace !== '' && name !== '';
  const valid = chosen && NAME.test(namespace) && NAME.test(name);
  let report: LeastPrivilegeReport | undefined;
  let error: AppError | undefined;
  if (valid) {
    const { clients, error: clientError } = await pageClientsOrError();
    try {
      if (!clients) throw clientError;
      report = await leastPrivilegeReport(clients.forCaller, namespace, name, windowSeconds);
    } catch (err) {
      error = err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
    }
  }
  return (
    <div className="space-y-10">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Least privilege from real use</h1>
        <p className="text-slate-600 dark:text-slate-300">
          What a ServiceAccount was granted against what it really did (from the API server&apos;s audit log),
          the minimal Role(s) that cover its use, and a live replay with a narrowed copy of the account.
        </p>
      </header>
      <ClusterForm
        method="get"
        action="/rbac/least-privilege"
        className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end"
        aria-label="Choose a ServiceAccount"
      >
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Namespace</span>
          <input
            name="namespace"
            defaultValue={namespace}
            required
            className={inputClass}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">ServiceAccount</span>
          <input
            name="name"
            defaultValue={name}
            required
            className={inputClass}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Window</span>
          <select name="window" defaultValue={String(windowSeconds)} className={inputClass}>
            {WINDOWS.map((w) => (
              <option key={w.seconds} value={w.seconds}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={primaryButtonClass}>
          Show
        </button>
      </ClusterForm>
      {!chosen && (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="lp-choose">
          Name a ServiceAccount above, or open one from{' '}
          <Link href="/serviceaccounts" className="text-sky-700 underline dark:text-sky-300">
            ServiceAccounts
          </Link>{' '}
          and follow its “Least privilege” link.
        </p>
      )}
      {chosen && !valid && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Namespace and ServiceAccount names are lowercase letters, digits, “-” and “.”.
        </p>
      )}
      {error && (
        <ProblemPanel title="Could not read this ServiceAccount" detail={error.detail} hints={error.hints} />
      )}
      {report && <Report report={report} />}
    </div>
  );
}

function Report({ report }: { report: LeastPrivilegeReport }) {
  const windowLabel =
    WINDOWS.find((w) => w.seconds === report.windowSeconds)?.label ?? `${report.windowSeconds} s`;
  const saLink = `/serviceaccounts/${encodeURIComponent(report.namespace)}/${encodeURIComponent(report.serviceAccount)}`;
  const unused = unusedGrants(report.granted).reduce((n, g) => n + g.unusedParts.length, 0);
  const nothing = report.used.length === 0 && report.denied.length === 0;
  const own = report.granted.filter((g) => !g.viaGroupOnly);
  const viaGroups = report.granted.filter((g) => g.viaGroupOnly);
  return (
    <>
      <p className="text-sm">
        <Link href={saLink} className="font-mono text-sky-700 underline dark:text-sky-300">
          {report.namespace}/{report.serviceAccount}
        </Link>
        , {windowLabel}
        {report.audit.configured && (
          <span className="text-slate-600 dark:text-slate-400" data-testid="lp-stats">
            {' '}
            — {report.audit.stats.events} audit event{report.audit.stats.events === 1 ? '' : 's'} of this
            account in {report.audit.stats.files.join(', ') || 'no file'} (
            {Math.ceil(report.audit.stats.bytes / 1024)} KiB read)
            {report.audit.stats.truncated
              ? '; incomplete: the rarest distinct requests, or the log lines older than the newest 256 MiB, were left out'
              : ''}
          </span>
        )}
      </p>
      {!report.audit.configured && (
        <ProblemPanel
          title="No audit log to read"
          detail={report.audit.reason}
          hints={[
            'On a real cluster: run kube-apiserver with --audit-policy-file (a rule at level Metadata for userGroups ["system:serviceaccounts"]), --audit-log-path, --audit-log-format=json, and make that file readable by Tokenscope.',
            'The README section “Least privilege and the audit log” has the policy to copy.',
          ]}
        />
      )}
      {report.audit.configured && nothing && (
        <section
          className="rounded-lg border border-slate-200 p-5 dark:border-slate-800"
          data-testid="lp-empty"
        >
          <h2 className="text-lg font-semibold">No requests in the {windowLabel}</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
            The audit log has nothing from{' '}
            <span className="font-mono">
              system:serviceaccount:{report.namespace}:{report.serviceAccount}
            </span>{' '}
            in this window. Make some requests with its token — run the{' '}
            <Link href="/scenarios/least-privilege" className="text-sky-700 underline dark:text-sky-300">
              least-privilege scenario
            </Link>
            , or mint a token on{' '}
            <Link
              href={`/tokens?namespace=${encodeURIComponent(report.namespace)}&serviceAccount=${encodeURIComponent(report.serviceAccount)}`}
              className="text-sky-700 underline dark:text-sky-300"
            >
              Tokens
            </Link>{' '}
            and try a request with it — or choose a longer window.
          </p>
        </section>
      )}
      {report.used.length > 0 && (
        <section aria-labelledby="lp-used-heading" className="space-y-3">
          <h2 id="lp-used-heading" className="text-lg font-semibold">
            Used: {report.used.length} distinct request{report.used.length === 1 ? '' : 's'}
          </h2>
          <UsedRequestsTable requests={report.used} testId="lp-used" />
        </section>
      )}
      {report.denied.length > 0 && (
        <section aria-labelledby="lp-denied-heading" className="space-y-3">
          <h2 id="lp-denied-heading" className="text-lg font-semibold">
            Denied, not granted
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            The API server refused these. The proposal does not grant them: if the account needs one, grant it
            on purpose.
          </p>
          <UsedRequestsTable requests={report.denied} testId="lp-denied" />
        </section>
      )}
      <section aria-labelledby="lp-granted-heading" className="space-y-3">
        <h2 id="lp-granted-heading" className="text-lg font-semibold">
          Granted vs used
          {unused > 0 ? `: ${unused} unused grant${unused === 1 ? '' : 's'}` : ''}
        </h2>
        {own.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Nothing is granted to this account itself (through its name).
          </p>
        ) : (
          <GrantedTable granted={own} />
        )}
        {viaGroups.length > 0 && (
          <details className="text-sm">
            <summary className="cursor-pointer text-slate-600 dark:text-slate-300">
              {viaGroups.length} rule{viaGroups.length === 1 ? '' : 's'} every account has through groups
              (kept by any copy, never counted as unused)
            </summary>
            <div className="mt-3">
              <GrantedTable granted={viaGroups} testId="lp-granted-groups" />
            </div>
          </details>
        )}
      </section>
      {report.audit.configured && report.used.length > 0 && (
        <>
          <section aria-labelledby="lp-proposal-heading" className="space-y-3">
            <h2 id="lp-proposal-heading" className="text-lg font-semibold">
              Minimal Role{report.proposal.roles.length === 1 ? '' : 's'} for this use
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-300">
              Namespaced Roles where the use was in a namespace, a ClusterRole for cluster-wide use;
              resourceNames where the account used a few objects by name. Bound here to the account itself:{' '}
              <span className="font-mono">kubectl apply -f</span> it, then remove the old bindings.
            </p>
            <section
              aria-label="Proposed Roles and bindings as YAML"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
              tabIndex={0}
              className="max-h-[28rem] overflow-auto rounded-lg border border-slate-200 bg-slate-50 p-4 dark:border-slate-800 dark:bg-slate-950"
            >
              <pre data-testid="lp-yaml" className="font-mono text-xs">
                {report.proposal.yaml}
              </pre>
            </section>
          </section>
          <section aria-labelledby="lp-loop-heading" className="space-y-3">
            <h2 id="lp-loop-heading" className="text-lg font-semibold">
              Try it on a copy
            </h2>
            <LeastPrivilegeLoop
              namespace={report.namespace}
              name={report.serviceAccount}
              copy={report.copy.name}
              copyExists={report.copy.exists}
              windowSeconds={report.windowSeconds}
              readOnly={env().readOnly}
            />
          </section>
        </>
      )}
    </>
  );
}
