import { formatMicroTime } from './micro-time.ts';

describe('formatMicroTime', () => {
  it('writes six fractional digits, as the API server parses MicroTime', () => {
    expect(formatMicroTime(Date.UTC(2006, 0, 2, 15, 4, 5, 123))).toBe('2006-01-02T15:04:05.123000Z');
    expect(formatMicroTime(new Date(Date.UTC(2024, 11, 31, 23, 59, 59, 0)))).toBe('2024-12-31T23:59:59.000000Z');
  });

  it('keeps the microseconds of a fractional millisecond', () => {
    expect(formatMicroTime(Date.UTC(2006, 0, 2, 15, 4, 5, 7) + 0.25)).toBe('2006-01-02T15:04:05.007250Z');
    // Near the epoch a double still resolves sub-microsecond fractions exactly.
    expect(formatMicroTime(999.9999)).toBe('1970-01-01T00:00:00.999999Z');
  });

  it('matches the MicroTime layout for any time', () => {
    for (const ms of [0, 1, 1_700_000_000_000.5, Date.now()]) {
      expect(formatMicroTime(ms)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    }
  });

  it('refuses a value that is not a time', () => {
    expect(() => formatMicroTime(Number.NaN)).toThrow(RangeError);
    expect(() => formatMicroTime(new Date('not a date'))).toThrow(RangeError);
  });
});
