import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { namespaceSchema } from '@/lib/contracts/scenarios';
import { pageClientsOrError } from '@/lib/server/http/page-caller';
import { namespaceExists } from '@/lib/kube/namespaces';

/**
 * Checks the namespace of every /serviceaccounts/{namespace}/… page first: a missing namespace is
 * answered 404 by app/serviceaccounts/not-found.tsx, which names the namespace (a layout's notFound()
 * is caught one segment up), rather than by the page's own "ServiceAccount not found".
 */
export default async function NamespaceLayout({
  params,
  children,
}: {
  params: Promise<{ namespace: string }>;
  children: ReactNode;
}) {
  const { namespace } = await params;
  const ns = namespaceSchema.safeParse(safeDecode(namespace));
  const caller = ns.success ? await pageClientsOrError() : undefined;
  if (ns.success && caller?.clients && (await namespaceExists(caller.clients.forCaller, ns.data)) === false) notFound();
  return children;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
