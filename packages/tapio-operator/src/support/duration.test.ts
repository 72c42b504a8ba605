import { durationToMs } from './duration.ts';

describe('durationToMs', () => {
  it.each([
    ['0', 0],
    ['250ms', 250],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['1m30s500ms', 90_500],
  ])('%s is %i ms', (text, expected) => {
    expect(durationToMs(text)).toBe(expected);
  });

  it.each(['', 'soon', '10', '5d', '1h 30m', '-1s'])('rejects %j', (text) => {
    expect(() => durationToMs(text)).toThrow(/not a duration/);
  });
});
