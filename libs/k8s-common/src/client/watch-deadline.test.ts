import { watchDeadlineMs } from './watch-deadline.ts';

describe('watchDeadlineMs', () => {
  it('gives the server a little past its timeout: 10 %, between 2 s and 30 s', () => {
    expect(watchDeadlineMs(300)).toBe(330_000);
    expect(watchDeadlineMs(599)).toBe(629_000);
    expect(watchDeadlineMs(3)).toBe(5_000);
    expect(watchDeadlineMs(60)).toBe(66_000);
    expect(watchDeadlineMs(3600)).toBe(3_630_000);
  });
});
