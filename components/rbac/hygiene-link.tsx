'use client';

import Link, { useClusterHref } from '@/components/ui/cluster-link';
import { useRouter, useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { HYGIENE_ALL, HYGIENE_PARAM } from '@/lib/contracts/rbac-bindings';

function hrefOf(search: string, all: boolean): string {
  const params = new URLSearchParams(search);
  if (all) params.set(HYGIENE_PARAM, HYGIENE_ALL);
  else params.delete(HYGIENE_PARAM);
  const query = params.toString();
  return `/rbac${query ? `?${query}` : ''}#hygiene-heading`;
}

/**
 * A link to /rbac with every hygiene finding listed (`all`) or only the first few, keeping the
 * bindings filters. The table writes its filters into the address as they settle, outside the
 * router, so a click reads the address as it is then.
 */
export function HygieneLink({
  all,
  children,
  testId,
}: {
  all: boolean;
  children: ReactNode;
  testId: string;
}) {
  const router = useRouter();
  const onCluster = useClusterHref();
  const search = useSearchParams()?.toString() ?? '';
  return (
    <Link
      href={hrefOf(search, all)}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        router.push(onCluster(hrefOf(window.location.search, all)));
      }}
      data-testid={testId}
      className="text-sm text-sky-700 underline hover:no-underline dark:text-sky-300"
    >
      {children}
    </Link>
  );
}
