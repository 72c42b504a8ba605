import { fitPowerLaw, median, percentile } from './stats.ts';

describe('percentile', () => {
  it('is the nearest-rank value of the unsorted samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 10)).toBe(1);
    expect(percentile(samples, 0)).toBe(1);
    expect(median([3])).toBe(3);
  });

  it('is undefined without samples', () => {
    expect(percentile([], 99)).toBeUndefined();
  });
});

describe('fitPowerLaw', () => {
  it('recovers the exponent and coefficient of an exact power law', () => {
    const fit = fitPowerLaw([100, 1000, 5000].map((x) => ({ x, y: 3 * x ** 1.5 })))!;
    expect(fit.exponent).toBeCloseTo(1.5, 10);
    expect(fit.coefficient).toBeCloseTo(3, 8);
    expect(fit.points).toBe(3);
  });

  it('says 0 for a constant and 1 for linear growth', () => {
    expect(fitPowerLaw([{ x: 100, y: 7 }, { x: 1000, y: 7 }])!.exponent).toBeCloseTo(0, 10);
    expect(fitPowerLaw([{ x: 100, y: 2 }, { x: 1000, y: 20 }])!.exponent).toBeCloseTo(1, 10);
  });

  it('leaves out points a power law cannot describe, and needs two distinct x', () => {
    expect(fitPowerLaw([{ x: 100, y: 0 }, { x: 1000, y: 5 }])).toBeUndefined();
    expect(fitPowerLaw([{ x: 100, y: 1 }, { x: 100, y: 2 }])).toBeUndefined();
    expect(fitPowerLaw([{ x: 100, y: 1 }, { x: 1000, y: Number.NaN }, { x: 5000, y: 50 }])!.points).toBe(2);
  });
});
