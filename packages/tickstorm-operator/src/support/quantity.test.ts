import { ceilToInteger, compareQuantities, coversMultiple, integerValue, milliValue, quantityValue } from './quantity.ts';

describe('quantityValue', () => {
  it.each<[string | number, number]>([
    ['2Gi', 2 * 2 ** 30],
    ['1.5Gi', 1610612736],
    ['1400M', 1.4e9],
    ['500m', 0.5],
    ['2', 2],
    [3, 3],
    ['1e3', 1000],
  ])('%s is %d', (quantity, value) => {
    expect(quantityValue(quantity)).toBe(value);
  });

  it.each(['1400MB', 'lots', ''])('throws on %j, which the schema pattern rejects', (quantity) => {
    expect(() => quantityValue(quantity)).toThrow('not a resource quantity');
  });
});

describe('milliValue', () => {
  it.each<[string | number, number]>([
    ['2000m', 2000],
    ['1.5', 1500],
    ['100m', 100],
    ['0.1', 100],
    ['3', 3000],
    ['1100m', 1100],
    // Kubernetes rounds a CPU quantity finer than 1m up to the next millicore.
    ['100u', 1],
  ])('%s is %d millicores', (quantity, milli) => {
    expect(milliValue(quantity)).toBe(milli);
  });
});

describe('integerValue', () => {
  it.each<[string | number, number]>([
    ['8Mi', 8388608],
    ['0', 0],
    ['0.5', 1],
    ['1.1Ki', 1127],
  ])('%s is %d, rounded up', (quantity, value) => {
    expect(integerValue(quantity)).toBe(value);
  });
});

describe('ceilToInteger', () => {
  it('ignores binary float noise', () => {
    expect(ceilToInteger(0.1 * 1000)).toBe(100);
    expect(ceilToInteger(100.5)).toBe(101);
  });
});

describe('compareQuantities', () => {
  it('compares by value, across units', () => {
    expect(compareQuantities('1000m', '1')).toBe(0);
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities('500Mi', '1Gi')).toBe(-1);
  });
});

describe('coversMultiple', () => {
  it('holds exact multiples despite binary floats', () => {
    expect(coversMultiple('300m', 3, '100m')).toBe(true);
    expect(coversMultiple('20', 10, '2000m')).toBe(true);
  });

  it('fails one unit short', () => {
    expect(coversMultiple('299m', 3, '100m')).toBe(false);
    expect(coversMultiple('19', 10, '2')).toBe(false);
  });
});
