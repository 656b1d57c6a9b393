'use client';

import Link from 'next/link';
import { type ComponentProps, createContext, useCallback, useContext } from 'react';
import { clusterHref } from '@/lib/contracts/cluster-path';

// Every in-app link, form and push keeps the page's cluster: under `/c/<cluster>/…` an href such
// as `/rbac` becomes `/c/<cluster>/rbac`. The cluster comes from the root layout (the proxy tells
// the server which one the URL names), so the server's HTML and the browser's agree. Links to
// another cluster (the header's switcher, /clusters) are plain <a>: a full page load, so no page
// state, cached segment or event stream of one cluster is ever reused for another.

const ClusterSlug = createContext<string | undefined>(undefined);

/** Gives the page's cluster (its URL form; none on the current context's unprefixed URLs) to the links below. */
export function ClusterScope({ slug, children }: { slug: string | undefined; children: React.ReactNode }) {
  return <ClusterSlug.Provider value={slug}>{children}</ClusterSlug.Provider>;
}

/** Turns an in-app href into the same href on the page's cluster. */
export function useClusterHref(): (href: string) => string {
  const slug = useContext(ClusterSlug);
  return useCallback((href: string) => clusterHref(slug, href), [slug]);
}

/** next/link on the page's cluster. */
export default function ClusterLink({ href, ...rest }: ComponentProps<typeof Link>) {
  const onCluster = useClusterHref();
  const to =
    typeof href === 'string'
      ? onCluster(href)
      : href.pathname
        ? { ...href, pathname: onCluster(href.pathname) }
        : href;
  return <Link href={to} {...rest} />;
}

/** A GET form that submits to a page of the page's cluster. */
export function ClusterForm({ action, ...rest }: ComponentProps<'form'>) {
  const onCluster = useClusterHref();
  return <form action={typeof action === 'string' ? onCluster(action) : action} {...rest} />;
}
