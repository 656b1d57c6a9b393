import type { Metadata } from 'next';
import Link from '@/components/ui/cluster-link';
import { Suspense } from 'react';
import { LegacyInventory } from '@/components/tokens/legacy-inventory';
import { PageLoading } from '@/components/ui/page-loading';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { AppError } from '@/lib/contracts/errors';
import { readTokenInventory } from '@/lib/kube/token-inventory';
import { staleTokensFor } from '@/lib/server/audit/stale';
import { pageClientsOrError } from '@/lib/server/http/page-caller';

export const metadata: Metadata = { title: 'Long-lived tokens' };
export const dynamic = 'force-dynamic';

/** /tokens/legacy: legacy token Secrets and tokens mounted without asking, across the cluster. */
/** `?account=namespace/name` narrows the stale-token section to one ServiceAccount (scenarios link there). */
function focusOf(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v) && v.length <= 317
    ? v
    : undefined;
}

export default async function LegacyTokensPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const focus = focusOf((await searchParams).account);
  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm">
          <Link href="/tokens" className="text-sky-700 underline dark:text-sky-300">
            ← Token workbench
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Long-lived tokens</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          ServiceAccount credentials across the cluster that outlive their need: tokens that never expire, and
          tokens mounted into pods that may never use them, and apps that keep a token past its refresh — each
          with what to do about it. Read with your identity; no token is shown.
        </p>
      </header>
      <Suspense fallback={<PageLoading />}>
        <Inventory focus={focus} />
      </Suspense>
    </div>
  );
}

async function Inventory({ focus }: { focus?: string }) {
  const { clients, error } = await pageClientsOrError();
  if (!clients) return <ProblemPanel title="No cluster" detail={error.detail} hints={error.hints} />;
  try {
    const { unreadable, visibleServiceAccounts, ...inventory } = await readTokenInventory(clients.forCaller);
    const stale = await staleTokensFor(visibleServiceAccounts, Date.now(), clients.cluster.name);
    return <LegacyInventory inventory={inventory} unreadable={unreadable} stale={stale} focus={focus} />;
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('internal:server', 'Unexpected error.');
    return <ProblemPanel title="The inventory could not be read" detail={e.detail} hints={e.hints} />;
  }
}
