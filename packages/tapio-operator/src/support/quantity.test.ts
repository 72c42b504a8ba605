import { quantityToNumber } from './quantity.ts';

describe('quantityToNumber', () => {
  it.each([
    ['10Gi', 10 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['500M', 5e8],
    ['2k', 2000],
    ['100m', 0.1],
    ['1e3', 1000],
    ['42', 42],
    [7, 7],
  ] as const)('%s is %d', (quantity, expected) => {
    expect(quantityToNumber(quantity)).toBeCloseTo(expected);
  });

  it.each(['lots', '10GB', '', 'Gi'])('rejects %j', (quantity) => {
    expect(() => quantityToNumber(quantity)).toThrow(/not a quantity/);
  });
});
