'use client';

import { useParams } from 'next/navigation';
import { decodedParam, type MissingKind, MissingPageView } from './missing-page-view';

/** "X not found" for a page under a dynamic segment: the names come from the URL. */
export function MissingPage({ kind }: { kind: MissingKind }) {
  const params = useParams<{ namespace?: string; name?: string }>();
  return (
    <MissingPageView kind={kind} ns={decodedParam(params?.namespace)} name={decodedParam(params?.name)} />
  );
}
