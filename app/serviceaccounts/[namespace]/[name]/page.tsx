import type { Metadata } from 'next';
import { DetailSection } from '@/components/ui/detail-section';
import Link from '@/components/ui/cluster-link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { graphHref } from '@/components/rbac/graph-links';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { SaBindings } from '@/components/serviceaccounts/sa-bindings';
import { SaCanI } from '@/components/serviceaccounts/sa-can-i';
import { SaLegacyTokens } from '@/components/serviceaccounts/sa-legacy-tokens';
import { buildMatrix, isGroupGrant } from '@/components/serviceaccounts/sa-permissions-model';
import { SaPermissionsTable } from '@/components/serviceaccounts/sa-permissions-table';
import { SaPods } from '@/components/serviceaccounts/sa-pods';
import { SaRisk } from '@/components/serviceaccounts/sa-risk';
import { SaWarnings } from '@/components/serviceaccounts/sa-warnings';
import { AppError } from '@/lib/contracts/errors';
import { serviceAccountParamsSchema } from '@/lib/contracts/serviceaccounts';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { accountRisk } from '@/lib/kube/risk';
import { env } from '@/lib/server/env';
import { READ_ONLY_PROOF } from '@/lib/contracts/risk';
import { readServiceAccountView } from '@/lib/kube/serviceaccount-detail';
import { readServiceAccount } from '@/lib/kube/serviceaccounts';

export const dynamic = 'force-dynamic';

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${decodeURIComponent(namespace)}/${decodeURIComponent(name)}` };
}

/** /serviceaccounts/{namespace}/{name}: who the ServiceAccount is, what it may do and why. */
export default async function ServiceAccountPage({ params }: { params: Params }) {
  const raw = await params;
  const parsed = serviceAccountParamsSchema.safeParse({
    ns: decodeURIComponent(raw.namespace),
    name: decodeURIComponent(raw.name),
  });
  // Not a Kubernetes name: no such ServiceAccount can exist, so this is a 404 like a missing one
  // (./not-found.tsx says which rule the name breaks).
  if (!parsed.success) notFound();
  const { ns, name } = parsed.data;
  const caller = await pageClientsOrError();
  // Before any Suspense boundary, so a missing ServiceAccount is an HTTP 404 (./not-found.tsx); a
  // missing namespace was already answered by ../layout.tsx. Other failures show on the page.
  if (caller.clients) {
    const exists = await readServiceAccount(caller.clients.forCaller, ns, name).then(
      () => true,
      (err) => !(err instanceof AppError && err.code === 'not-found:kube'),
    );
    if (!exists) notFound();
  }
  return (
    <Suspense fallback={<PageLoading />}>
      <ServiceAccountDetail ns={ns} name={name} caller={caller} />
    </Suspense>
  );
}

async function ServiceAccountDetail({
  ns,
  name,
  caller,
}: {
  ns: string;
  name: string;
  caller: Awaited<ReturnType<typeof pageClientsOrError>>;
}) {
  // Read beside the detail; a failure (say, the caller may not list every ServiceAccount) only
  // empties the escalation section.
  const risk = caller.clients
    ? accountRisk(caller.clients.forCaller, ns, name).then(
        (value) => ({ value }),
        (err: unknown) => ({ error: err instanceof AppError ? err.detail : 'unexpected error' }),
      )
    : Promise.resolve({ error: 'no cluster connection' });
  let view: Awaited<ReturnType<typeof readServiceAccountView>>;
  try {
    if (caller.error) throw caller.error;
    view = await readServiceAccountView(caller.clients.forCaller, ns, name);
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
    return (
      <ProblemPanel
        title={
          e.code === 'not-found:kube'
            ? `ServiceAccount ${ns}/${name} is gone`
            : 'ServiceAccount could not be read'
        }
        detail={e.detail}
        hints={e.hints}
      >
        <Link href="/serviceaccounts" className="mt-3 inline-block text-sm underline">
          Back to all ServiceAccounts
        </Link>
      </ProblemPanel>
    );
  }
  const { detail, permissions } = view;
  const riskResult: { value?: Awaited<ReturnType<typeof accountRisk>>; error?: string } = await risk;
  const own = buildMatrix(permissions.rules, (g) => !isGroupGrant(g));
  const viaGroups = buildMatrix(permissions.rules, isGroupGrant);
  const groupRuleCount = viaGroups.rows.length + viaGroups.urlRows.length;
  const { summary } = detail;
  return (
    <div className="space-y-10">
      <header className="space-y-2">
        <p className="text-sm">
          <Link href="/serviceaccounts" className="text-sky-700 hover:underline dark:text-sky-300">
            ServiceAccounts
          </Link>
          <span className="text-slate-400"> / </span>
          <Link
            href={`/serviceaccounts?namespace=${ns}`}
            className="text-sky-700 hover:underline dark:text-sky-300"
          >
            {ns}
          </Link>
        </p>
        <div className="flex flex-wrap items-center justify-between gap-4">
          <h1 className="font-mono text-2xl font-semibold tracking-tight">{name}</h1>
          <div className="flex flex-wrap gap-2">
            <Link
              href={graphHref({ kind: 'subject', subject: { kind: 'ServiceAccount', namespace: ns, name } })}
              data-testid="sa-graph"
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Graph
            </Link>
            <Link
              href={`/rbac/least-privilege?namespace=${encodeURIComponent(ns)}&name=${encodeURIComponent(name)}`}
              data-testid="least-privilege-link"
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Least privilege
            </Link>
            <Link
              href={`/tokens?namespace=${encodeURIComponent(ns)}&serviceAccount=${encodeURIComponent(name)}`}
              data-testid="request-token"
              className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700"
            >
              Request token
            </Link>
          </div>
        </div>
        <p className="font-mono text-sm text-slate-700 dark:text-slate-300">{detail.user.username}</p>
        <ul aria-label="Groups" className="flex flex-wrap gap-2">
          {detail.user.groups.map((g) => (
            <li
              key={g}
              className="rounded-full bg-slate-100 px-2.5 py-0.5 font-mono text-xs dark:bg-slate-800"
            >
              {g}
            </li>
          ))}
        </ul>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Automount: {summary.automount === false ? 'off' : 'on'} · {summary.podCount} pod(s) ·{' '}
          {summary.bindingCount} binding(s) reach it ({summary.directBindingCount ?? 0} name it) ·{' '}
          {summary.legacyTokensUnreadable
            ? 'legacy tokens not readable'
            : `${summary.legacyTokenCount} legacy token(s)`}
        </p>
      </header>

      <SaWarnings warnings={detail.warnings} />
      <SaRisk
        risk={riskResult.value}
        error={riskResult.error}
        proveDisabled={env().readOnly ? READ_ONLY_PROOF : undefined}
      />

      <DetailSection
        id="permissions"
        title="Effective permissions"
        intro="What the bindings naming this ServiceAccount allow, resource by verb; each cell names the binding → role that grants it."
      >
        <SaPermissionsTable matrix={own} caption="Permissions granted to this ServiceAccount" />
        <details
          className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
          data-testid="group-permissions"
        >
          <summary className="cursor-pointer text-sm font-medium">
            Through its groups ({groupRuleCount} row{groupRuleCount === 1 ? '' : 's'}, shared with every
            member of {detail.user.groups.join(', ')})
          </summary>
          <div className="mt-3">
            <SaPermissionsTable matrix={viaGroups} caption="Permissions granted through groups" />
          </div>
        </details>
      </DetailSection>

      <DetailSection
        id="can-i"
        title="Can it …?"
        intro="Asks the API server (SubjectAccessReview with this ServiceAccount’s groups) and Tokenscope’s engine the same question."
      >
        <SaCanI namespace={ns} name={name} />
      </DetailSection>

      <DetailSection
        id="bindings"
        title="Bindings that reach it"
        intro="Direct subjects first, then its groups; RoleBindings apply only in their namespace."
      >
        <SaBindings
          bindings={[...detail.bindings].sort(
            (a, b) => Number(a.via === 'group') - Number(b.via === 'group'),
          )}
        />
      </DetailSection>

      <DetailSection
        id="pods"
        title="Pods running as it"
        intro="Projected serviceAccountToken volumes are rotated by kubelet, not by you."
      >
        <SaPods pods={detail.pods} />
      </DetailSection>

      <DetailSection id="legacy-tokens" title="Legacy token Secrets">
        <SaLegacyTokens tokens={detail.legacyTokens} unreadable={summary.legacyTokensUnreadable} />
      </DetailSection>

      <DetailSection
        id="minters"
        title="Who can mint tokens for it"
        intro="Subjects allowed to create serviceaccounts/token for this ServiceAccount, and so to act as it."
      >
        {detail.mintableBy.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">Nobody but cluster administrators.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {detail.mintableBy.map((m) => (
              <li
                key={`${m.subject.kind}/${m.subject.namespace ?? ''}/${m.subject.name}`}
                data-testid="sa-minter"
              >
                <span className="text-slate-500 dark:text-slate-400">{m.subject.kind}</span>{' '}
                <span className="font-mono">
                  {m.subject.namespace ? `${m.subject.namespace}/` : ''}
                  {m.subject.name}
                </span>{' '}
                <span className="text-slate-500 dark:text-slate-400">via</span>{' '}
                {m.grantedBy.map((g) => g.binding.name).join(', ')}
              </li>
            ))}
          </ul>
        )}
      </DetailSection>
    </div>
  );
}
