import { operatorAnnotations, pauseState } from './pause.ts';

const { pause } = operatorAnnotations('example.dev');
const object = (annotations: Record<string, string>, generation: number, observedGeneration?: number) => ({
  metadata: { name: 'x', generation, annotations },
  ...(observedGeneration !== undefined ? { status: { observedGeneration } } : {}),
});

describe('operatorAnnotations', () => {
  it('are named after the group', () => {
    expect(operatorAnnotations('example.dev')).toEqual({ pause: 'example.dev/pause-reconciliation', forceReconcile: 'example.dev/force-reconcile' });
  });
});

describe('pauseState', () => {
  it('not paused: the current generation is observed, no condition', () => {
    expect(pauseState(object({}, 3, 2), pause)).toEqual({ paused: false, observedGeneration: 3, pendingChange: false });
    expect(pauseState(object({ [pause]: 'false' }, 3, 2), pause).paused).toBe(false);
  });

  it('paused without a spec change: the same generation, a Paused condition', () => {
    expect(pauseState(object({ [pause]: 'true' }, 3, 3), pause)).toEqual({
      paused: true, observedGeneration: 3, pendingChange: false,
      condition: { status: 'True', reason: 'ReconciliationPaused', message: 'example.dev/pause-reconciliation is "true": the operator changes nothing until it is removed' },
    });
  });

  it('paused with a spec change: observedGeneration stays at what was applied, and the condition says the change waits', () => {
    const state = pauseState(object({ [pause]: 'true' }, 4, 3), pause);
    expect(state).toMatchObject({ paused: true, observedGeneration: 3, pendingChange: true });
    expect(state.condition?.message).toMatch(/generation 4 of the spec is not applied$/);
    expect(pauseState(object({ [pause]: 'true' }, 1), pause)).toMatchObject({ observedGeneration: undefined, pendingChange: true });
  });
});
