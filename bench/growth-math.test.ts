import { describe, expect, it } from 'vitest';
import { growthExponent, growthExponents, ratio, scaleSizes, sizeLabel } from './growth-math.mjs';

describe('growthExponent', () => {
  it('is 1 for a cost that grows as the size, 0 for a flat one, 2 for a quadratic one', () => {
    expect(growthExponent(1000, 3, 10_000, 30)).toBeCloseTo(1, 12);
    expect(growthExponent(1000, 7, 10_000, 7)).toBe(0);
    expect(growthExponent(1000, 2, 10_000, 200)).toBeCloseTo(2, 12);
    expect(growthExponent(10, 8, 1000, 80)).toBeCloseTo(0.5, 12);
  });

  it('is negative for a cost that falls, and does not depend on the order of the two points', () => {
    expect(growthExponent(1000, 10, 10_000, 1)).toBeCloseTo(-1, 12);
    expect(growthExponent(10_000, 30, 1000, 3)).toBeCloseTo(1, 12);
  });

  it('is NaN where it is not defined', () => {
    expect(growthExponent(1000, 0, 10_000, 5)).toBeNaN();
    expect(growthExponent(1000, 5, 1000, 6)).toBeNaN();
    expect(growthExponent(1000, Number.NaN, 10_000, 5)).toBeNaN();
    expect(growthExponent(0, 1, 10, 5)).toBeNaN();
  });
});

describe('growthExponents', () => {
  it('gives one exponent per consecutive pair, sorted by size, skipping a missing cost', () => {
    const out = growthExponents([
      { size: 100_000, cost: 1000 },
      { size: 1000, cost: 1 },
      { size: 10_000, cost: Number.NaN },
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]?.from).toBe(1000);
    expect(out[0]?.to).toBe(100_000);
    expect(out[0]?.k).toBeCloseTo(1.5, 12);
    const three = growthExponents([
      { size: 1000, cost: 1 },
      { size: 10_000, cost: 10 },
      { size: 100_000, cost: 1000 },
    ]);
    expect(three.map((e) => Math.round(e.k * 100) / 100)).toEqual([1, 2]);
  });
});

describe('ratio, sizes and labels', () => {
  it('divides ours by the peer, NaN without a peer', () => {
    expect(ratio(5, 20)).toBe(0.25);
    expect(ratio(5, 0)).toBeNaN();
    expect(ratio(Number.NaN, 3)).toBeNaN();
  });

  it('scales every kind and keeps at least one of each', () => {
    expect(scaleSizes({ roleBindings: 9000, groups: 4 }, 0.1)).toEqual({ roleBindings: 900, groups: 1 });
    expect(scaleSizes({ roleBindings: 9000, groups: 40 }, 10)).toEqual({ roleBindings: 90_000, groups: 400 });
  });

  it('labels sizes as the report names them', () => {
    expect([1000, 10_000, 100_000, 2500, 500].map(sizeLabel)).toEqual(['1k', '10k', '100k', '2.5k', '500']);
  });
});
