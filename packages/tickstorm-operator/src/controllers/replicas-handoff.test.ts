import type { V1Deployment } from '@kubernetes/client-node';
import { replicasToHandOver } from './replicas-handoff.ts';

const handedOver = { 'tickstorm.io/replicas-from': 'autoscaler' };
const deployment = (annotations?: Record<string, string>, replicas?: number): V1Deployment => ({
  metadata: { name: 'tick-storm', namespace: 'ns', ...(annotations ? { annotations } : {}) },
  spec: { ...(replicas !== undefined ? { replicas } : {}), selector: {}, template: {} },
});

describe('replicasToHandOver', () => {
  it('hands over the live replicas when autoscaling was just switched on', () => {
    expect(replicasToHandOver(deployment(handedOver), deployment(undefined, 3))).toBe(3);
  });

  it('does nothing once handed over, without autoscaling, or before the Deployment exists', () => {
    expect(replicasToHandOver(deployment(handedOver), deployment(handedOver, 4))).toBeUndefined();
    expect(replicasToHandOver(deployment(undefined, 3), deployment(undefined, 3))).toBeUndefined();
    expect(replicasToHandOver(deployment(handedOver), undefined)).toBeUndefined();
  });
});
