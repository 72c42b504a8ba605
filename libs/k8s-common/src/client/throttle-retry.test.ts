import { parseRetryAfter, throttleRetryDelayMs } from './throttle-retry.ts';

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP-dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores what is absent or unreadable', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
    expect(parseRetryAfter('1.5')).toBeUndefined();
  });
});

describe('throttleRetryDelayMs', () => {
  it('waits what a 429 asks for, up to the retry limit', () => {
    expect(throttleRetryDelayMs(429, 2, 1)).toBe(2_000);
    expect(throttleRetryDelayMs(429, 2, 5)).toBe(2_000);
    expect(throttleRetryDelayMs(429, 2, 6)).toBeUndefined();
    expect(throttleRetryDelayMs(429, 1, 3, { maxRetries: 2 })).toBeUndefined();
    expect(throttleRetryDelayMs(429, 1, 1, { maxRetries: 0 })).toBeUndefined();
  });
  it('does not retry without Retry-After, other statuses, or a wait over the bound', () => {
    expect(throttleRetryDelayMs(429, undefined, 1)).toBeUndefined();
    expect(throttleRetryDelayMs(503, 1, 1)).toBeUndefined();
    expect(throttleRetryDelayMs(500, 1, 1)).toBeUndefined();
    expect(throttleRetryDelayMs(429, 11, 1)).toBeUndefined();
    expect(throttleRetryDelayMs(429, 20, 1, { maxDelayMs: 30_000 })).toBe(20_000);
  });
});
