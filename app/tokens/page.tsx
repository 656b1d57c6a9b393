import type { Metadata } from 'next';
import Link from '@/components/ui/cluster-link';
import type { z } from 'zod';
import { TokenWorkbench } from '@/components/tokens/token-workbench';
import { namespaceSchema, objectNameSchema } from '@/lib/contracts/scenarios';
import { env } from '@/lib/server/env';

export const metadata: Metadata = { title: 'Tokens' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A query value if it is a valid name; anything else (arrays, junk) is ignored, not echoed. */
function param(schema: z.ZodString, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** /tokens: the token workbench; ?namespace=&serviceAccount= prefill the request form. */
export default async function TokensPage({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Token workbench</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          Request a ServiceAccount token, watch it live and expire, use it against the API server, and compare
          identities side by side. Tokens stay in the server’s memory; this page only sees their claims.
        </p>
        <p className="mt-2 text-sm">
          <Link href="/tokens/legacy" className="text-sky-700 underline dark:text-sky-300">
            Long-lived tokens
          </Link>{' '}
          <span className="text-slate-600 dark:text-slate-400">
            — legacy token Secrets and tokens mounted without asking, across the cluster
          </span>
        </p>
      </header>
      <TokenWorkbench
        initialNamespace={param(namespaceSchema, query.namespace)}
        initialServiceAccount={param(objectNameSchema, query.serviceAccount)}
        shared={env().mode === 'shared'}
      />
    </div>
  );
}
