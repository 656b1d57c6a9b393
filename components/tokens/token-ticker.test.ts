import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTicker, lastPassed } from './token-ticker';

describe('createTicker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 0, 0, 400));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds one timer however many subscribers, and none without them', () => {
    const ticker = createTicker();
    expect(ticker.timerCount()).toBe(0);
    const offs = Array.from({ length: 200 }, () => ticker.subscribe(() => {}));
    expect(ticker.timerCount()).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    for (const off of offs) off();
    expect(ticker.timerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('notifies every subscriber on each whole second with the current Date.now()', () => {
    const ticker = createTicker();
    const seen: number[] = [];
    const other = vi.fn();
    const off = ticker.subscribe(() => seen.push(ticker.getSnapshot()));
    ticker.subscribe(other);
    vi.advanceTimersByTime(599);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(2000);
    expect(seen).toEqual([
      Date.UTC(2026, 0, 1, 12, 0, 1),
      Date.UTC(2026, 0, 1, 12, 0, 2),
      Date.UTC(2026, 0, 1, 12, 0, 3),
    ]);
    expect(other).toHaveBeenCalledTimes(3);
    off();
    vi.advanceTimersByTime(1000);
    expect(seen).toHaveLength(3);
    expect(other).toHaveBeenCalledTimes(4);
  });

  it('keeps its snapshot stable between ticks and fresh after a jump of the clock', () => {
    const ticker = createTicker();
    ticker.subscribe(() => {});
    const first = ticker.getSnapshot();
    expect(ticker.getSnapshot()).toBe(first);
    vi.setSystemTime(Date.now() + 8 * 60_000);
    expect(ticker.getSnapshot()).toBe(first);
    vi.advanceTimersByTime(1000);
    expect(ticker.getSnapshot()).toBeGreaterThanOrEqual(first + 8 * 60_000);
  });

  it('restarts from the current time when subscribed again after idling', () => {
    const ticker = createTicker();
    ticker.subscribe(() => {})();
    vi.setSystemTime(Date.now() + 3_600_000);
    ticker.subscribe(() => {});
    expect(ticker.getSnapshot()).toBe(Date.now());
  });
});

describe('lastPassed', () => {
  it('moves only when a boundary is strictly passed, whatever the order or infinities', () => {
    const bounds = [Number.NEGATIVE_INFINITY, 3000, 1000, Number.POSITIVE_INFINITY, 2000];
    expect(lastPassed(500, bounds)).toBe(0);
    expect(lastPassed(1000, bounds)).toBe(0);
    expect(lastPassed(1001, bounds)).toBe(1000);
    expect(lastPassed(1999, bounds)).toBe(1000);
    expect(lastPassed(2500, bounds)).toBe(2000);
    expect(lastPassed(9e15, bounds)).toBe(3000);
  });
});
