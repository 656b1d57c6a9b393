'use client';

import { lazy, type ReactNode } from 'react';
import { ChunkBoundary } from '@/components/ui/chunk-boundary';
import type { RbacGraph } from '@/lib/rbac/graph';
import type { GraphDrawing } from './graph-drawing';

// The graph view's code loads only where a graph is drawn: a page's statically imported client
// components load with it even when not rendered, and /rbac/graph's start page (no question asked)
// draws none. The server lays the graph out (graph-drawing.ts), so the view is one small script.
const View = lazy(() => import('./rbac-graph').then((m) => ({ default: m.RbacGraphView })));

/** The RBAC graph view, loaded on demand (server-rendered as usual; nothing shows while it loads). */
export function RbacGraphLazy({
  graph,
  drawing,
  children,
}: {
  graph: RbacGraph;
  drawing: GraphDrawing;
  children?: ReactNode;
}) {
  return (
    <ChunkBoundary what="The graph" quiet>
      <View graph={graph} drawing={drawing}>
        {children}
      </View>
    </ChunkBoundary>
  );
}
