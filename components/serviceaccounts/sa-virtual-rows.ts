import { useCallback, useEffect, useRef, useState } from 'react';

/** Which rows to render for a scroll position: the visible ones plus `overscan` on each side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + Math.ceil(viewportHeight / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

/**
 * Windowing for a fixed-row-height table inside a scroll container: only the rows in view (plus a
 * margin) are rendered, with spacer heights above and below, so thousands of rows repaint as fast
 * as thirty. Calls onNearEnd when the window reaches the last rows, to load the next server page.
 */
export function useVirtualRows({
  count,
  rowHeight,
  viewportHeight,
  overscan = 8,
  onNearEnd,
}: {
  count: number;
  rowHeight: number;
  viewportHeight: number;
  overscan?: number;
  onNearEnd?: () => void;
}) {
  const ref = useRef<HTMLElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const { start, end } = visibleRange(scrollTop, viewportHeight, rowHeight, count, overscan);

  const onScroll = useCallback(() => {
    if (ref.current) setScrollTop(ref.current.scrollTop);
  }, []);

  useEffect(() => {
    if (onNearEnd && count > 0 && end >= count - overscan) onNearEnd();
  }, [end, count, overscan, onNearEnd]);

  return { ref, onScroll, start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
