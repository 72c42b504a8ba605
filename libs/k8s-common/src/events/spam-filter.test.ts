import { ManualClock } from '../queue/manual-clock.ts';
import { SpamFilter } from './spam-filter.ts';

const FIVE_MINUTES_MS = 5 * 60_000;

describe('SpamFilter', () => {
  const clientGoDefaults = (clock: ManualClock) => new SpamFilter({ burst: 25, qps: 1 / 300, clock });

  it('lets a burst of 25 through, then drops', () => {
    const filter = clientGoDefaults(new ManualClock());
    const accepted = Array.from({ length: 40 }, () => filter.tryAccept('pod/a'));
    expect(accepted.filter(Boolean)).toHaveLength(25);
    expect(accepted.slice(0, 25).every(Boolean)).toBe(true);
    expect(accepted.slice(25).some(Boolean)).toBe(false);
  });

  it('refills one token per five minutes', () => {
    const clock = new ManualClock();
    const filter = clientGoDefaults(clock);
    for (let i = 0; i < 25; i++) filter.tryAccept('pod/a');
    clock.advance(FIVE_MINUTES_MS - 1_000);
    expect(filter.tryAccept('pod/a')).toBe(false);
    clock.advance(1_000);
    expect(filter.tryAccept('pod/a')).toBe(true);
    expect(filter.tryAccept('pod/a')).toBe(false);
    clock.advance(3 * FIVE_MINUTES_MS);
    expect([1, 2, 3, 4].map(() => filter.tryAccept('pod/a'))).toEqual([true, true, true, false]);
  });

  it('refills no further than the burst', () => {
    const clock = new ManualClock();
    const filter = clientGoDefaults(clock);
    filter.tryAccept('pod/a');
    clock.advance(24 * 60 * 60_000);
    expect(Array.from({ length: 30 }, () => filter.tryAccept('pod/a')).filter(Boolean)).toHaveLength(25);
  });

  it('keeps one budget per key', () => {
    const filter = clientGoDefaults(new ManualClock());
    for (let i = 0; i < 25; i++) filter.tryAccept('pod/a');
    expect(filter.tryAccept('pod/a')).toBe(false);
    expect(filter.tryAccept('pod/b')).toBe(true);
  });

  it('forgets only keys whose bucket is full again', () => {
    const clock = new ManualClock();
    const filter = new SpamFilter({ burst: 2, qps: 1, clock });
    filter.tryAccept('a');
    filter.tryAccept('b');
    filter.tryAccept('b');
    clock.advance(1_000);
    filter.prune();
    expect(filter.size()).toBe(1);
    clock.advance(1_000);
    filter.prune();
    expect(filter.size()).toBe(0);
  });

  it('rejects a configuration that would drop everything or never refill', () => {
    const clock = new ManualClock();
    expect(() => new SpamFilter({ burst: 0, qps: 1, clock })).toThrow(RangeError);
    expect(() => new SpamFilter({ burst: 1.5, qps: 1, clock })).toThrow(RangeError);
    expect(() => new SpamFilter({ burst: 1, qps: 0, clock })).toThrow(RangeError);
  });
});
