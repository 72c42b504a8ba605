import { findCondition, isConditionTrue, setCondition, setConditions, toRfc3339 } from './conditions.ts';

const t0 = new Date('2026-01-01T00:00:00.123Z');
const t1 = new Date('2026-01-01T00:05:00Z');

describe('setCondition', () => {
  it('stamps lastTransitionTime at second precision and observedGeneration', () => {
    const list = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'Creating', message: 'm', observedGeneration: 2 }, t0);
    expect(list).toEqual([
      { type: 'Ready', status: 'False', reason: 'Creating', message: 'm', lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: 2 },
    ]);
  });

  it('keeps lastTransitionTime when only reason or message change', () => {
    const first = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'A', message: 'a' }, t0);
    const second = setCondition(first, { type: 'Ready', status: 'False', reason: 'B', message: 'b' }, t1);
    expect(second[0]?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(second[0]?.reason).toBe('B');
  });

  it('moves lastTransitionTime when the status changes', () => {
    const first = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'A', message: 'a' }, t0);
    const second = setCondition(first, { type: 'Ready', status: 'True', reason: 'A', message: 'a' }, t1);
    expect(second[0]?.lastTransitionTime).toBe('2026-01-01T00:05:00Z');
  });

  it('is idempotent, keeps order and does not mutate its input', () => {
    const base = setConditions(undefined, [
      { type: 'Ready', status: 'True', reason: 'R', message: '' },
      { type: 'Degraded', status: 'False', reason: 'D', message: '' },
    ], t0);
    const frozen = JSON.stringify(base);
    const again = setConditions(base, [
      { type: 'Ready', status: 'True', reason: 'R', message: '' },
      { type: 'Degraded', status: 'False', reason: 'D', message: '' },
    ], t1);
    expect(JSON.stringify(again)).toBe(frozen);
    expect(JSON.stringify(base)).toBe(frozen);
    expect(again.map((c) => c.type)).toEqual(['Ready', 'Degraded']);
    expect(isConditionTrue(again, 'Ready')).toBe(true);
    expect(isConditionTrue(again, 'Degraded')).toBe(false);
    expect(findCondition(again, 'Missing')).toBeUndefined();
  });

  it('formats RFC 3339 without fractions', () => {
    expect(toRfc3339(t0)).toBe('2026-01-01T00:00:00Z');
  });
});
