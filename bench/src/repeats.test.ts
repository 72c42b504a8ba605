import { collapseRepetitions, convergenceRatio, medianFigures, repetitionCount } from './repeats.ts';
import type { BenchResult, PeerFigures } from './results.ts';
import { benchTable } from './table.ts';
import { sampleResult } from './sample-result.ts';

const base = (): PeerFigures => sampleResult().runs[0]!.peers['ours']!;
const withTimes = (convergenceSeconds: number | undefined, p99Ms: number, writes = 0): PeerFigures => {
  const f = base();
  const { convergenceSeconds: _dropped, ...rest } = f;
  return { ...rest, ...(convergenceSeconds !== undefined ? { convergenceSeconds } : {}), latency: { ...f.latency, p99Ms }, steady: { ...f.steady, writes } };
};

describe('medianFigures', () => {
  it('takes the median of timings and the most of write counts', () => {
    const m = medianFigures([withTimes(3, 90), withTimes(9, 10, 2), withTimes(4, 50)]);
    expect(m.convergenceSeconds).toBe(4);
    expect(m.latency.p99Ms).toBe(50);
    expect(m.steady.writes).toBe(2);
  });

  it('reports no convergence when any repetition did not converge', () => {
    expect(medianFigures([withTimes(3, 90), withTimes(undefined, 90)]).convergenceSeconds).toBeUndefined();
  });
});

describe('repetitions in the table', () => {
  function repeated(): BenchResult {
    const one = sampleResult();
    const second = structuredClone(one.runs);
    second[0]!.peers['ours'] = { ...second[0]!.peers['ours']!, convergenceSeconds: 5 };
    second[0]!.peers['limit'] = { ...second[0]!.peers['limit']!, convergenceSeconds: 10 };
    const third = structuredClone(one.runs);
    third[0]!.peers['ours'] = { ...third[0]!.peers['ours']!, convergenceSeconds: 7 };
    const runs = [one.runs[0]!, second[0]!, third[0]!, one.runs[1]!].map((r, i) => ({ ...r, ...(i < 3 ? { repetition: i + 1 } : {}) }));
    return { ...one, settings: { ...one.settings, repetitions: 3 }, runs };
  }

  it('collapses repetitions into one run per N and takes ratios within each repetition', () => {
    const result = repeated();
    expect(repetitionCount(result)).toBe(3);
    expect(collapseRepetitions(result).runs.map((r) => r.n)).toEqual([100, 1000]);
    expect(collapseRepetitions(result).runs[0]!.peers['ours']!.convergenceSeconds).toBe(5);
    // ours ÷ limit per repetition: 3/2, 5/10, 7/2 → median 1.5 (the ratio of medians would be 2.5).
    expect(convergenceRatio(result, 100, 'ours', 'limit')).toBe(1.5);
    const table = benchTable(result);
    expect(table).toContain('figure (median of 3 runs)');
    expect(table.split('\n').find((l) => l.includes('÷ limit (same run, median over runs)'))).toContain('1.50×');
  });
});
