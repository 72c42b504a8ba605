/** Small helpers shared by the bench sections: percentiles, bounded concurrency, formatting. */

/** Nearest-rank percentile of unsorted samples (`p` in 0..100); NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Runs `fn(0..count-1)` with at most `concurrency` calls in flight. */
export async function pool(count: number, concurrency: number, fn: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await fn(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** `1234567` → `1,234,567`; fractional values keep `digits` decimals. */
export function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Seconds as a readable latency: µs below 1 ms, ms below 1 s. */
export function latency(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 1e-3) return `${num(seconds * 1e6, 1)} µs`;
  if (seconds < 1) return `${num(seconds * 1e3, 2)} ms`;
  return `${num(seconds, 2)} s`;
}

export function bytes(value: number): string {
  if (Math.abs(value) < 1024) return `${num(value)} B`;
  if (Math.abs(value) < 1024 * 1024) return `${num(value / 1024, 1)} KiB`;
  return `${num(value / 1024 / 1024, 1)} MiB`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A Markdown table, padded so it also reads as plain text; the last column is right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const last = header.length - 1;
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === last ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === last ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** One row of the final table. */
export interface Figure {
  section: string;
  metric: string;
  value: string;
}
