import type { Metadata } from 'next';
import Link from '@/components/ui/cluster-link';
import { Suspense } from 'react';
import { DiffList } from '@/components/rbac/rbac-diff';
import { RbacDiffForm } from '@/components/rbac/rbac-diff-form';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { AppError } from '@/lib/contracts/errors';
import { graphQueryValues } from '@/lib/contracts/rbac-graph';
import { type GraphQuery, graphQuerySchema } from '@/lib/contracts/rbac-graph.schema';
import { type DiffSubject, diffSubjects, subjectHistory } from '@/lib/kube/rbac-diff';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { RbacTabs } from '@/components/rbac/rbac-tabs';

export const metadata: Metadata = { title: 'RBAC diff' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const seedExample =
  '/rbac/diff?a.kind=ServiceAccount&a.namespace=default&a.name=service-account-token-requester&b.kind=ServiceAccount&b.namespace=default&b.name=service-account-pod-viewer';

function subjectOf(q: GraphQuery): DiffSubject | undefined {
  if (q.kind === 'ServiceAccount') return { kind: q.kind, namespace: q.namespace, name: q.name };
  if (q.kind === 'User' || q.kind === 'Group') return { kind: q.kind, name: q.name };
  return undefined;
}

const label = (s: DiffSubject) => (s.namespace ? `${s.namespace}/${s.name}` : s.name);
const time = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

function failure(err: unknown): AppError {
  return err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
}

/** /rbac/diff: what one subject may that another may not, and how a subject's rights changed. */
export default function RbacDiffPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <>
      <RbacTabs path="/rbac/diff" />
      <Page searchParams={searchParams} />
    </>
  );
}

function Page({ searchParams }: { searchParams: SearchParams }) {
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">RBAC diff</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Two subjects side by side — what A may that B may not, the reverse, and what both may — and how each
          one’s rights changed recently. Read from the RBAC objects as you.
        </p>
      </header>
      <Suspense fallback={<PageLoading />}>
        <Diff searchParams={searchParams} />
      </Suspense>
    </div>
  );
}

async function Diff({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const a = graphQueryValues(query, 'a.');
  const b = graphQueryValues(query, 'b.');
  const since =
    typeof query.since === 'string' && /^\d{1,15}$/.test(query.since) ? Number(query.since) : undefined;
  const form = <RbacDiffForm a={a} b={b} />;
  if (a.kind === undefined) {
    return (
      <>
        {form}
        <p className="text-sm">
          For example,{' '}
          <Link href={seedExample} className="text-sky-700 underline dark:text-sky-300">
            the token requester against the pod viewer
          </Link>{' '}
          of the TokenRequest scenario.
        </p>
      </>
    );
  }
  const pa = graphQuerySchema.safeParse(a);
  const pb = b.kind === undefined ? undefined : graphQuerySchema.safeParse(b);
  const sa = pa.success ? subjectOf(pa.data) : undefined;
  const sb = pb?.success ? subjectOf(pb.data) : undefined;
  const problem = !sa
    ? `Subject A: ${pa.success ? 'choose a ServiceAccount, User or Group' : pa.error.issues[0]?.message}`
    : pb && !sb
      ? `Subject B: ${pb.success ? 'choose a ServiceAccount, User or Group' : pb.error.issues[0]?.message}`
      : undefined;
  if (problem || !sa) {
    return (
      <>
        {form}
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="diff-invalid">
          {problem}
        </p>
      </>
    );
  }
  const { clients, error } = await pageClientsOrError();
  if (!clients) {
    const e = failure(error);
    return (
      <>
        {form}
        <ProblemPanel title="RBAC could not be read" detail={e.detail} hints={e.hints} />
      </>
    );
  }
  const [diff, historyA, historyB] = await Promise.all([
    sb ? diffSubjects(clients.forCaller, sa, sb).catch(failure) : undefined,
    subjectHistory(clients.forCaller, sa, since).catch(failure),
    sb ? subjectHistory(clients.forCaller, sb, since).catch(failure) : undefined,
  ]);
  const userNote = [sa, sb].some((s) => s?.kind === 'User')
    ? ' A User’s groups come from the authenticator, not from RBAC, so only bindings naming the user count.'
    : '';
  return (
    <>
      {form}
      {diff instanceof AppError ? (
        <ProblemPanel title="The subjects could not be compared" detail={diff.detail} hints={diff.hints} />
      ) : diff && sb ? (
        <section aria-labelledby="diff-heading" className="space-y-4" data-testid="diff-result">
          <h2 id="diff-heading" className="text-lg font-semibold">
            {label(sa)} against {label(sb)}
          </h2>
          <div className="grid gap-4 lg:grid-cols-2">
            <div className="space-y-2">
              <h3 className="text-sm font-semibold">
                Only A may — <span className="font-mono break-all">{label(sa)}</span>
              </h3>
              <DiffList entries={diff.onlyA} empty="Nothing that B may not." testId="diff-only-a" />
            </div>
            <div className="space-y-2">
              <h3 className="text-sm font-semibold">
                Only B may — <span className="font-mono break-all">{label(sb)}</span>
              </h3>
              <DiffList entries={diff.onlyB} empty="Nothing that A may not." testId="diff-only-b" />
            </div>
          </div>
          <div className="space-y-2">
            <h3 className="text-sm font-semibold">Both may</h3>
            <DiffList entries={diff.both} empty="Nothing in common." testId="diff-both" />
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-300">
            Compared rule by rule: a ClusterRoleBinding’s grant covers every namespace, a rule without
            resourceNames covers any name, wildcards cover what they name. Approximate where RBAC is
            open-ended: a wildcard is not expanded against the resources this cluster serves, and
            system:masters (which bypasses RBAC) is not considered.{userNote}
          </p>
        </section>
      ) : null}
      <section aria-labelledby="history-heading" className="space-y-4" data-testid="diff-history">
        <h2 id="history-heading" className="text-lg font-semibold">
          Before and after
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          This server keeps the last 2,000 RBAC changes it has seen (from its live watches, or between two
          reads of RBAC), so it can tell what a subject gained or lost since then. Changes made while it was
          not running are not seen.
        </p>
        {(
          [
            [sa, historyA],
            [sb, historyB],
          ] as const
        ).map(([s, h]) =>
          !s ? null : h instanceof AppError ? (
            <ProblemPanel
              key={label(s)}
              title="History could not be read"
              detail={h.detail}
              hints={h.hints}
            />
          ) : (
            <History key={label(s)} subject={s} history={h} query={query} />
          ),
        )}
      </section>
    </>
  );
}

function History({
  subject,
  history,
  query,
}: {
  subject: DiffSubject;
  history: Awaited<ReturnType<typeof subjectHistory>>;
  query: Record<string, string | string[] | undefined>;
}) {
  if (!history)
    return (
      <p className="text-sm" data-testid="history-too-old">
        The journal does not reach back that far; pick a later moment.
      </p>
    );
  const { diff } = history;
  const unchanged = diff.onlyA.length === 0 && diff.onlyB.length === 0;
  const base = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) => (typeof v === 'string' && k !== 'since' ? [[k, v]] : [])),
  );
  return (
    <div
      className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
      data-testid="history-subject"
    >
      <h3 className="text-sm font-semibold">
        <span className="font-mono break-all">{label(subject)}</span> since {time(history.since)}
        {unchanged ? ': no change' : ''}
      </h3>
      {!unchanged && (
        <div className="grid gap-3 lg:grid-cols-2">
          <div className="space-y-1">
            <h4 className="text-xs font-semibold uppercase tracking-wide text-emerald-800 dark:text-emerald-300">
              Gained
            </h4>
            <DiffList entries={diff.onlyB} empty="Nothing gained." testId="history-gained" />
          </div>
          <div className="space-y-1">
            <h4 className="text-xs font-semibold uppercase tracking-wide text-red-800 dark:text-red-300">
              Lost
            </h4>
            <DiffList entries={diff.onlyA} empty="Nothing lost." testId="history-lost" />
          </div>
        </div>
      )}
      {history.changes.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer">Compare with the moment before another change</summary>
          <ul className="mt-2 space-y-1">
            {history.changes.map((c) => {
              const q = new URLSearchParams(base);
              q.set('since', String(Date.parse(c.at) - 1));
              return (
                <li key={c.at}>
                  <Link
                    href={`/rbac/diff?${q.toString()}`}
                    className="text-sky-700 underline dark:text-sky-300"
                  >
                    {time(c.at)}
                  </Link>{' '}
                  <span className="text-xs break-all text-slate-600 dark:text-slate-300">
                    {c.objects.slice(0, 4).join(', ')}
                  </span>
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </div>
  );
}
