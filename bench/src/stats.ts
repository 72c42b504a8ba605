// Pure statistics of the bench: percentiles, medians, and the power-law fit that says how a figure
// grows with N.

/** Nearest-rank percentile of unsorted samples (`p` in 0..100); undefined for no samples. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function median(samples: readonly number[]): number | undefined {
  return percentile(samples, 50);
}

export interface PowerLaw {
  /** y ≈ coefficient · x^exponent */
  exponent: number;
  coefficient: number;
  /** How many (x, y) points the fit used. */
  points: number;
}

/**
 * Least-squares fit of log y = log a + b · log x over the points with x > 0 and y > 0 (a power law
 * is undefined elsewhere); undefined with fewer than two distinct x. An exponent of 1 is linear
 * growth, 0 none.
 */
export function fitPowerLaw(points: readonly { x: number; y: number }[]): PowerLaw | undefined {
  const usable = points.filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y));
  if (new Set(usable.map((p) => p.x)).size < 2) return undefined;
  const xs = usable.map((p) => Math.log(p.x));
  const ys = usable.map((p) => Math.log(p.y));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const exponent = sxy / sxx;
  return { exponent, coefficient: Math.exp(my - exponent * mx), points: usable.length };
}
