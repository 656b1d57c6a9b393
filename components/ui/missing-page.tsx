'use client';

import { useParams } from 'next/navigation';
import { lazy, Suspense } from 'react';
import type { MissingKind } from './missing-page-view';

// The body loads only when a not-found page is shown: a page's not-found component is in its module
// graph and loads with every view of it (1.4 kB on each ServiceAccount, role, binding and scenario
// page, issue 17). The server renders the body as usual; hydration keeps that HTML while it loads.
const View = lazy(() => import('./missing-page-view').then((m) => ({ default: m.MissingPageView })));

function decoded(value: string | string[] | undefined): string {
  const s = Array.isArray(value) ? value.join('/') : (value ?? '');
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** "X not found" for a page under a dynamic segment: the names come from the URL. */
export function MissingPage({ kind }: { kind: MissingKind }) {
  const params = useParams<{ namespace?: string; name?: string }>();
  return (
    <Suspense fallback={null}>
      <View kind={kind} ns={decoded(params?.namespace)} name={decoded(params?.name)} />
    </Suspense>
  );
}
