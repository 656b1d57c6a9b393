import { describe, expect, it } from 'vitest';
import { visibleRange } from './sa-virtual-rows';

describe('visibleRange', () => {
  it('renders the rows in view plus the overscan on each side', () => {
    expect(visibleRange(0, 440, 44, 5000, 8)).toEqual({ start: 0, end: 18 });
    expect(visibleRange(44 * 100, 440, 44, 5000, 8)).toEqual({ start: 92, end: 118 });
  });

  it('clamps at the end and for short or empty lists', () => {
    expect(visibleRange(44 * 4995, 440, 44, 5000, 8)).toEqual({ start: 4987, end: 5000 });
    expect(visibleRange(0, 440, 44, 3, 8)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(500, 440, 44, 0, 8)).toEqual({ start: 0, end: 0 });
  });

  it('keeps the DOM small whatever the list length', () => {
    for (const top of [0, 1000, 50_000, 219_000]) {
      const { start, end } = visibleRange(top, 616, 44, 5000, 8);
      expect(end - start).toBeLessThanOrEqual(14 + 16);
    }
  });
});
