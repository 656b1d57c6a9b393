// Percentiles and paired differences for A/B-interleaved samples.
export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    min: s[0],
    max: s[s.length - 1],
  };
}

/** Per-iteration differences a[i] − b[i], summarised: the overhead of a over b measured in one run. */
export function paired(a, b) {
  return summary(a.map((x, i) => x - b[i]));
}

export function shuffle(arr) {
  const out = [...arr];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
