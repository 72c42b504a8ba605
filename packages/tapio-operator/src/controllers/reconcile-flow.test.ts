import { describedResource } from './reconcile-flow.ts';

describe('describedResource', () => {
  const resource = { apiVersion: 'tapio.io/v1alpha1', kind: 'TapioCluster', metadata: { name: 'dev', namespace: 'ns', generation: 3 } };

  it('is the resource itself when not paused', () => {
    expect(describedResource(resource, { paused: false, observedGeneration: 3 })).toBe(resource);
  });

  it('carries the generation last reconciled while paused, so a newer spec is not claimed', () => {
    expect(describedResource(resource, { paused: true, observedGeneration: 2 }).metadata.generation).toBe(2);
    expect(resource.metadata.generation).toBe(3);
  });

  it('carries no generation while paused before any reconcile', () => {
    expect(describedResource(resource, { paused: true }).metadata).toEqual({ name: 'dev', namespace: 'ns' });
  });
});
