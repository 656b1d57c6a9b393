'use client';

import { lazy } from 'react';
import { ChunkBoundary } from '@/components/ui/chunk-boundary';
import type { RbacGraph } from '@/lib/rbac/graph';

// The graph view's code loads only where a graph is drawn: a page's statically imported client
// components load with it even when not rendered, and /rbac/graph's start page (no question asked)
// draws none. The layout library is fetched in parallel, since the view asks for it on mount.
const View = lazy(() =>
  Promise.all([import('./rbac-graph'), import('@dagrejs/dagre')]).then(([m]) => ({
    default: m.RbacGraphView,
  })),
);

/** The RBAC graph view, loaded on demand (server-rendered as usual; nothing shows while it loads). */
export function RbacGraphLazy({ graph }: { graph: RbacGraph }) {
  return (
    <ChunkBoundary what="The graph" quiet>
      <View graph={graph} />
    </ChunkBoundary>
  );
}
