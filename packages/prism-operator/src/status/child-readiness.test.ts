import { childVerdict } from './child-readiness.ts';

const ready = (status: 'True' | 'False', reason = 'Available', message = 'ok') => ({ type: 'Ready', status, reason, message, lastTransitionTime: '2026-05-01T10:00:00Z' });

describe('childVerdict', () => {
  it('a child not created yet is neither current nor ready', () => {
    expect(childVerdict(undefined)).toEqual({ current: false, ready: false, failed: false, reason: 'NotCreated', message: 'not created yet' });
  });

  it('a child whose status describes an older generation is not current', () => {
    expect(childVerdict({ metadata: { generation: 2 }, status: { observedGeneration: 1, conditions: [ready('True')] } })).toMatchObject({ current: false, ready: false, reason: 'Reconciling' });
    expect(childVerdict({ metadata: { generation: 1 }, status: {} })).toMatchObject({ current: false });
  });

  it('reads the Ready condition of a current child', () => {
    expect(childVerdict({ metadata: { generation: 3 }, status: { observedGeneration: 3, phase: 'Running', conditions: [ready('True')] } })).toEqual({
      current: true,
      ready: true,
      failed: false,
      reason: 'Available',
      message: 'ok',
    });
  });

  it('marks a child that reported phase Failed', () => {
    expect(childVerdict({ metadata: { generation: 1 }, status: { observedGeneration: 1, phase: 'Failed', conditions: [ready('False', 'KEDANotInstalled', 'install KEDA')] } })).toEqual({
      current: true,
      ready: false,
      failed: true,
      reason: 'KEDANotInstalled',
      message: 'install KEDA',
    });
  });
});
