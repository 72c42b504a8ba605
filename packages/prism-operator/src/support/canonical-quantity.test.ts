import { canonicalQuantity } from './canonical-quantity.ts';

describe('canonicalQuantity', () => {
  // Each pair as a v1.36 API server stored it (kubectl create --dry-run=server on an HPA's averageValue).
  it.each([
    ['1000', '1k'],
    ['1500', '1500'],
    ['0.5', '500m'],
    ['1.5k', '1500'],
    ['2048Ki', '2Mi'],
    ['1e3', '1e3'],
    ['100m', '100m'],
    ['1000m', '1'],
    ['12000', '12k'],
    ['1.5Gi', '1536Mi'],
    ['0', '0'],
    ['75', '75'],
  ])('%s is stored as %s', (input, stored) => {
    expect(canonicalQuantity(input)).toBe(stored);
  });
});
