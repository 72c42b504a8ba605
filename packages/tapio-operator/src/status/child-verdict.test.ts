import { childVerdict } from './child-verdict.ts';

const readyCondition = { type: 'Ready', status: 'True' as const, reason: 'AllComponentsReady', message: 'ok', lastTransitionTime: '2025-01-01T00:00:00Z' };

describe('childVerdict', () => {
  it('is absent for a child not created yet', () => {
    expect(childVerdict(undefined)).toMatchObject({ current: false, ready: false, reason: 'NotCreated' });
  });

  it('is not current until its controller observed the generation', () => {
    expect(childVerdict({ metadata: { generation: 3 }, status: { observedGeneration: 2, conditions: [readyCondition] } })).toMatchObject({ current: false, ready: false, reason: 'NotObserved' });
  });

  it('follows the Ready condition once observed', () => {
    expect(childVerdict({ metadata: { generation: 3 }, status: { observedGeneration: 3, conditions: [readyCondition] } })).toEqual({ current: true, ready: true, reason: 'AllComponentsReady', message: 'ok' });
    expect(childVerdict({ metadata: { generation: 3 }, status: { observedGeneration: 3, conditions: [{ ...readyCondition, status: 'False', reason: 'X', message: 'y' }] } })).toEqual({
      current: true,
      ready: false,
      reason: 'X',
      message: 'y',
    });
    expect(childVerdict({ metadata: { generation: 1 }, status: { observedGeneration: 1 } })).toMatchObject({ ready: false, reason: 'NoReadyCondition' });
  });
});
