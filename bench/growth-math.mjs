// Pure helpers of the growth curve (issue 17): growth exponents between world sizes, ratios against
// a peer, and the sizes of the three worlds. No I/O; unit-tested in growth-math.test.ts.

/** World sizes as factors of BENCHMARK_WORLD_SIZES (10,000 bindings): 1k, 10k and 100k bindings. */
export const GROWTH_SCALES = [0.1, 1, 10];
/** `--quick` keeps the small sizes only. */
export const QUICK_GROWTH_SCALES = [0.1, 1];

/** "1k", "10k", "100k", "2.5k", "500": a world size for figure names. */
export function sizeLabel(n) {
  if (n >= 1000) {
    const k = n / 1000;
    return `${Number.isInteger(k) ? k : Math.round(k * 10) / 10}k`;
  }
  return String(n);
}

/**
 * The growth exponent k in cost ∝ size^k between two sizes: log(costB / costA) / log(sizeB / sizeA).
 * NaN when it is not defined (a size or cost not positive, equal sizes, a missing figure); a cost
 * that does not move gives 0, one that grows as fast as the size gives 1.
 */
export function growthExponent(sizeA, costA, sizeB, costB) {
  const ok = (x) => typeof x === 'number' && Number.isFinite(x) && x > 0;
  if (!ok(sizeA) || !ok(sizeB) || !ok(costA) || !ok(costB) || sizeA === sizeB) return Number.NaN;
  return Math.log(costB / costA) / Math.log(sizeB / sizeA);
}

/**
 * The exponents between consecutive points of a curve, ordered by size: [{ from, to, k }].
 * Points whose cost is missing are skipped, so a failed size does not hide the others.
 */
export function growthExponents(points) {
  const usable = points
    .filter((p) => Number.isFinite(p.size) && Number.isFinite(p.cost))
    .sort((a, b) => a.size - b.size);
  const out = [];
  for (let i = 1; i < usable.length; i++) {
    const a = usable[i - 1];
    const b = usable[i];
    out.push({ from: a.size, to: b.size, k: growthExponent(a.size, a.cost, b.size, b.cost) });
  }
  return out;
}

/** Tokenscope's time over the peer's: below 1 Tokenscope is faster. NaN when either is missing. */
export function ratio(ours, peer) {
  if (!Number.isFinite(ours) || !Number.isFinite(peer) || peer <= 0) return Number.NaN;
  return ours / peer;
}

/** Scales world sizes by a factor, at least 1 of each kind (as the agreement bench does). */
export function scaleSizes(sizes, factor) {
  const out = {};
  for (const [key, value] of Object.entries(sizes)) out[key] = Math.max(1, Math.round(value * factor));
  return out;
}
