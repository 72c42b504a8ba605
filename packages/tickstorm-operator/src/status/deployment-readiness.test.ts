import type { V1Deployment } from '@kubernetes/client-node';
import { workloadReadiness } from '@operators/k8s-common';
import { deploymentReadiness } from './deployment-readiness.ts';

const deployment = (status: NonNullable<V1Deployment['status']>, generation = 2, replicas = 3): V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'tick-storm', namespace: 'ns', generation },
  spec: { replicas, selector: {}, template: {} },
  status,
});
const verdict = (d: V1Deployment) => deploymentReadiness(d, workloadReadiness(d));
const available = { type: 'Available', status: 'True' };
const progressed = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' };

describe('deploymentReadiness', () => {
  it('is current and ready when every pod runs the template and is available', () => {
    const d = deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [available, progressed] });
    expect(verdict(d)).toMatchObject({ current: true, ready: true });
  });

  it('is not current while the new generation is not observed', () => {
    const d = deployment({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [available, progressed] });
    expect(verdict(d)).toMatchObject({ current: false, ready: false, reason: 'LatestGenerationNotObserved' });
  });

  it('is not current while old pods remain', () => {
    const d = deployment({ observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [available] });
    expect(verdict(d)).toMatchObject({ current: false, ready: false });
  });

  it('is current but not ready when pods of the current template are not ready', () => {
    const d = deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, conditions: [available, progressed] });
    expect(verdict(d)).toMatchObject({ current: true, ready: false });
  });
});
