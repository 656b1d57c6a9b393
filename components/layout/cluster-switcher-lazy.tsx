'use client';

import { lazy, type ReactNode, Suspense } from 'react';
import type { PageCluster } from './cluster-switcher-face';

// The switcher shows only when the kubeconfig has more than one context (or the page is on another
// than the current one), and its code loads only then: a page's statically imported client
// components load with it whether they render or not, and this one is in the root layout (1.1 kB on
// every page, issue 17). The server renders the switcher as usual; hydration keeps that HTML while
// the code downloads, and a streamed render shows the server-rendered look-alike meanwhile.
const Switcher = lazy(() => import('./cluster-switcher').then((m) => ({ default: m.ClusterSwitcher })));

/** The header's cluster switcher, its code loaded when it is shown. */
export function LazyClusterSwitcher({ page, placeholder }: { page: PageCluster; placeholder: ReactNode }) {
  return (
    <Suspense fallback={placeholder}>
      <Switcher page={page} />
    </Suspense>
  );
}
