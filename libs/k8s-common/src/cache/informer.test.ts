import { isVeryShortWatch } from './informer.ts';

describe('isVeryShortWatch', () => {
  it('is a watch that ended within a second with no event', () => {
    expect(isVeryShortWatch(0, 0)).toBe(true);
    expect(isVeryShortWatch(999, 0)).toBe(true);
  });
  it('is not a watch that delivered something, or lasted', () => {
    expect(isVeryShortWatch(10, 1)).toBe(false);
    expect(isVeryShortWatch(1_000, 0)).toBe(false);
    expect(isVeryShortWatch(300_000, 0)).toBe(false);
  });
});
