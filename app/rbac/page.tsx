import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { RbacBindingsBrowser } from '@/components/rbac/rbac-bindings-browser';
import { RbacHygiene } from '@/components/rbac/rbac-hygiene';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { AppError } from '@/lib/contracts/errors';
import { DEFAULT_BINDINGS_PAGE, HYGIENE_ALL, HYGIENE_PARAM } from '@/lib/contracts/rbac-bindings';
import { filterFromQuery } from '@/lib/rbac/bindings';
import { pageClientsOrError, pageHref } from '@/lib/server/http/page-caller';
import { liveHub } from '@/lib/server/live/hub';
import { type LiveKind, liveKinds } from '@/lib/contracts/live';
import type { KubeClients } from '@/lib/kube/clients';
import { bindingsHygiene, bindingsPage } from '@/lib/kube/rbac-bindings';
import { liveRbacIndex } from '@/lib/kube/rbac-freshness';
import { RbacTabs } from '@/components/rbac/rbac-tabs';

export const metadata: Metadata = { title: 'RBAC bindings' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Query keys only the who-can question has: links shared before /rbac/who-can existed carry them. */
const whoCanKeys = ['verb', 'group', 'resource', 'subresource', 'name'];

const asError = (err: unknown): AppError =>
  err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');

/**
 * /rbac: every Role, ClusterRole, RoleBinding and ClusterRoleBinding, filterable, with hygiene
 * findings. The HTML carries the first page of rows only; the browser asks /api/rbac/bindings for
 * the rest, and the hygiene section streams in after the rows. While the watch-fed RBAC index
 * answers for the viewer the rows take milliseconds: they are awaited before the shell and come in
 * the first flush, visible at once (a streamed boundary lands hidden and is revealed by script, up
 * to a few hundred ms later); otherwise a loading state streams first.
 */
export default async function RbacBindingsPage({ searchParams }: { searchParams: SearchParams }) {
  // In shared mode without a sign-in this redirects to /signin.
  const caller = await pageClientsOrError();
  // The same tree either way (a live refresh switching between them must not remount the table):
  // with the index, the boundary's content is ready before the shell and renders inline.
  const ready = !caller.error && liveRbacIndex(caller.clients.forCaller) !== undefined;
  const content = ready ? (
    await Bindings({ searchParams, caller })
  ) : (
    <Bindings searchParams={searchParams} caller={caller} />
  );
  return (
    <>
      <RbacTabs path="/rbac" />
      <Suspense fallback={<PageLoading />}>{content}</Suspense>
    </>
  );
}

async function Bindings({
  searchParams,
  caller,
}: {
  searchParams: SearchParams;
  caller: Awaited<ReturnType<typeof pageClientsOrError>>;
}) {
  const query = await searchParams;
  if (whoCanKeys.some((k) => query[k] !== undefined)) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') params.set(k, v);
    redirect(await pageHref(`/rbac/who-can?${params.toString()}`));
  }
  const filter = filterFromQuery(query);
  let page: Awaited<ReturnType<typeof bindingsPage>> | undefined;
  let clients: KubeClients | undefined;
  let failure: AppError | undefined;
  try {
    if (caller.error) throw caller.error;
    clients = caller.clients.forCaller;
    await warmWatches(clients);
    page = await bindingsPage(clients, { filter, limit: DEFAULT_BINDINGS_PAGE });
  } catch (err) {
    failure = asError(err);
  }
  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">RBAC bindings</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Every RoleBinding and ClusterRoleBinding you may list, with its role and subjects. Filter by
          namespace, subject, role, or what the role grants; the filters are in the address, so a view can be
          shared.
        </p>
      </header>
      {failure || !page || !clients ? (
        <ProblemPanel
          title={
            failure?.code === 'unavailable:kubeconfig'
              ? 'No cluster configured'
              : 'Bindings could not be listed'
          }
          detail={failure?.detail ?? 'Unexpected error.'}
          hints={failure?.hints}
        />
      ) : (
        <>
          <RbacBindingsBrowser initial={first(page)} namespaces={page.namespaces} initialFilter={filter} />
          <Suspense fallback={<HygieneLoading />}>
            <Hygiene clients={clients} all={query[HYGIENE_PARAM] === HYGIENE_ALL} />
          </Suspense>
        </>
      )}
    </div>
  );
}

/** The RBAC kinds the bindings come from: the page waits for their watches rather than listing them. */
const rbacKinds: LiveKind[] = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'];
/** Longest wait for the watches' first lists before the page lists RBAC itself. */
const WARM_TIMEOUT_MS = 15_000;

/**
 * Before any browser listens (the first load after the server starts, or after the watches
 * lingered out) the page would list all RBAC itself, and the browser, connecting a moment later,
 * would start the watches that list it all again and then re-render the page. Instead the page
 * starts the RBAC watches and waits for them, then starts the rest the browser will ask for: the
 * rows come from the watch-fed index, RBAC is listed once, and the browser finds its watches running. When they
 * cannot start (another identity, a refused watch, the timeout) the page lists as before.
 */
async function warmWatches(clients: KubeClients): Promise<void> {
  const hub = liveHub(clients.context);
  // RBAC first: the rows wait for it, and on 2 busy cores the other lists would only slow it down.
  await hub.warm(clients, rbacKinds, WARM_TIMEOUT_MS).catch(() => false);
  void hub.warm(clients, [...liveKinds], WARM_TIMEOUT_MS).catch(() => false);
}

/** The page's first rows as the browser gets them (the namespaces go to the filter apart). */
function first({ namespaces: _apart, ...page }: Awaited<ReturnType<typeof bindingsPage>>) {
  return page;
}

function HygieneLoading() {
  return (
    <section aria-labelledby="hygiene-heading" aria-busy="true" className="space-y-4">
      <h2 id="hygiene-heading" className="text-lg font-semibold">
        Hygiene
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Checking every binding’s role and ServiceAccounts, and which ServiceAccounts nothing uses…
      </p>
      <div className="h-24 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
    </section>
  );
}

/**
 * The hygiene findings, streamed after the rows: they need every ServiceAccount and pod. The first
 * few of each are listed; `?hygiene=all` lists every one.
 */
async function Hygiene({ clients, all }: { clients: KubeClients; all: boolean }) {
  try {
    const h = await bindingsHygiene(clients);
    return <RbacHygiene dangling={h.dangling} unused={h.unusedServiceAccounts} unread={h.unread} all={all} />;
  } catch (err) {
    const failure = asError(err);
    return (
      <ProblemPanel
        title="Hygiene findings could not be made"
        detail={failure.detail}
        hints={failure.hints}
      />
    );
  }
}
