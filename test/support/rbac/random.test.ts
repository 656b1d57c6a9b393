import { describe, expect, it } from 'vitest';
import { createRng } from './random';

describe('createRng', () => {
  it('is reproducible and stays in range', () => {
    const a = createRng(9);
    const b = createRng(9);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(100);
  });

  it('samples distinct items in order and refuses empty picks', () => {
    const rng = createRng(1);
    const sample = rng.sample(['a', 'b', 'c', 'd'], 2);
    expect(new Set(sample).size).toBe(2);
    expect(rng.sample(['a'], 3)).toEqual(['a']);
    expect(() => rng.pick([])).toThrow();
    expect(Array.from({ length: 50 }, () => rng.between(2, 4)).every((n) => n >= 2 && n <= 4)).toBe(true);
  });
});
