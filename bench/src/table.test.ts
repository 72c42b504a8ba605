import { churnPlotSpec, churnPoints } from './plot.ts';
import { parseBenchResult } from './results.ts';
import { sampleResult } from './sample-result.ts';
import { benchTable, formatTable } from './table.ts';

const rowOf = (table: string, label: string) => table.split('\n').find((l) => l.includes(label))!.split('|').map((c) => c.trim());

describe('formatTable', () => {
  it('pads every column and right-aligns all but the first', () => {
    expect(formatTable(['a', 'bb'], [['xyz', '1'], ['q', '22']])).toBe(['| a   | bb |', '|-----|---:|', '| xyz |  1 |', '| q   | 22 |'].join('\n'));
  });
});

describe('benchTable', () => {
  const table = benchTable(sampleResult());

  it('has one column per peer and ratios to the limit and to controller-runtime', () => {
    expect(rowOf(table, 'figure').slice(1, -1)).toEqual(['figure', 'ours', 'controller-runtime', 'limit']);
    const lines = table.split('\n');
    const n100 = lines.findIndex((l) => l.includes('**N = 100** convergence'));
    expect(lines[n100]).toMatch(/\| +3\.00 \| +6\.00 \| +2\.00 \|/);
    expect(lines[n100 + 1]).toMatch(/÷ limit \(same run\) +\| +1\.50× \| +3\.00× \| +1\.00× \|/);
    expect(lines[n100 + 2]).toMatch(/÷ controller-runtime \(same run\) +\| +0\.50× \| +1\.00× \| +0\.33× \|/);
  });

  it('says when a peer did not converge, and marks missing churn latencies', () => {
    expect(rowOf(table, '**N = 1000** convergence')[3]).toBe('> 300 (7 Ready)');
    const churn = table.split('\n').filter((l) => l.includes('churn 100/s'));
    expect(churn[1]).toMatch(/— \(80 missed\)/);
  });

  it('fits the growth exponent from N = 100 to 1000', () => {
    // heap 2 MB → 11 MB over 10× N
    expect(rowOf(table, 'exponent of heap after GC')[2]).toBe((Math.log(11 / 2) / Math.log(10)).toFixed(2));
    expect(rowOf(table, 'exponent of restart')[2]).toBe('0.00');
  });

  it('gives the heap per cached object as the slope between the smallest and largest N', () => {
    // cachedObjects is 300 at both N in the fixture, so make it grow as a real run does
    const result = sampleResult();
    result.runs[1]!.peers['ours']!.memory.cachedObjects = 3000;
    expect(rowOf(benchTable(result), 'heap per cached object, slope')[2]).toBe('3,333');
    expect(rowOf(benchTable(result), 'heap per cached object, slope')[3]).toBe('no cache');
  });

  it('puts the compared run\'s ours beside this run\'s', () => {
    const before = sampleResult('before the fix');
    before.runs[0]!.peers['limit']!.convergenceSeconds = 4; // ours 3 s: 0.75× its own run's limit
    const compared = benchTable(sampleResult('after the fix'), before);
    expect(rowOf(compared, 'figure').slice(1, 4)).toEqual(['figure', 'ours (after the fix)', 'ours (before the fix)']);
    expect(rowOf(compared, '÷ limit').slice(2, 4)).toEqual(['1.50×', '0.75×']);
  });
});

describe('the result schema', () => {
  it('accepts a result and names the field of a broken one', () => {
    expect(parseBenchResult(sampleResult()).label).toBe('this run');
    const broken = { ...sampleResult(), settings: { ...sampleResult().settings, sizes: [0] } };
    expect(() => parseBenchResult(broken)).toThrow(/not a bench result: .*sizes/);
  });
});

describe('the churn plot', () => {
  it('has a point per N, peer and rate with a p99, and none for a rate whose changes were all missed', () => {
    const points = churnPoints(sampleResult());
    expect(points).toHaveLength(3 * 3 + (2 + 3 + 3));
    expect(points).toContainEqual({ n: 'N = 1000', peer: 'ours', rate: 50, p99Ms: 40 });
    expect(points.some((p) => p.n === 'N = 1000' && p.peer === 'ours' && p.rate === 100)).toBe(false);
    const spec = churnPlotSpec(sampleResult()) as { facet: { column: { sort: string[] } } };
    expect(spec.facet.column.sort).toEqual(['N = 100', 'N = 1000']);
  });
});
