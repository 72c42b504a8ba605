import { parseQuantity, semanticallyContains } from './semantic.ts';

describe('semanticallyContains', () => {
  it('ignores fields only the live object has', () => {
    expect(semanticallyContains({ spec: { replicas: 3 } }, { spec: { replicas: 3, revisionHistoryLimit: 10 }, status: {} })).toBe(true);
  });
  it('sees a changed or missing desired field', () => {
    expect(semanticallyContains({ spec: { replicas: 3 } }, { spec: { replicas: 5 } })).toBe(false);
    expect(semanticallyContains({ metadata: { labels: { a: '1' } } }, { metadata: {} })).toBe(false);
  });
  it('compares arrays element by element and by length', () => {
    expect(semanticallyContains({ l: [{ a: 1 }] }, { l: [{ a: 1, b: 2 }] })).toBe(true);
    expect(semanticallyContains({ l: [{ a: 1 }] }, { l: [{ a: 1 }, { a: 2 }] })).toBe(false);
  });
  it('treats empty objects and arrays the server drops as equal', () => {
    expect(semanticallyContains({ securityContext: {}, args: [] }, {})).toBe(true);
  });
  it('compares quantities by value', () => {
    expect(semanticallyContains({ cpu: '2000m', memory: '1Gi' }, { cpu: '2', memory: '1073741824' })).toBe(true);
    expect(semanticallyContains({ cpu: '500m' }, { cpu: '1' })).toBe(false);
    expect(semanticallyContains({ s: 'abc' }, { s: 'abd' })).toBe(false);
  });
  it('parses quantities', () => {
    expect(parseQuantity('1Ki')).toBe(1024);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('100m')).toBeCloseTo(0.1);
    expect(parseQuantity('1.5G')).toBe(1.5e9);
    expect(parseQuantity('hello')).toBeUndefined();
  });
});
