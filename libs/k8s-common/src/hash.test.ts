import { canonicalJson, stableHash } from './hash.ts';

describe('stableHash', () => {
  it('ignores key order at every depth', () => {
    expect(stableHash({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(stableHash({ b: { d: [1, 2], c: 2 }, a: 1 }));
  });
  it('changes when a value changes', () => {
    expect(stableHash({ a: 1 })).not.toBe(stableHash({ a: 2 }));
  });
  it('keeps array order significant and drops undefined members', () => {
    expect(canonicalJson({ x: [2, 1], y: undefined })).toBe('{"x":[2,1]}');
    expect(stableHash({ a: 'x' }, 8)).toHaveLength(8);
  });
});
