import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { deploymentReadiness } from './workload-readiness.ts';

function aDeployment(status: V1Deployment['status'], generation = 2): V1Deployment {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'ns', generation }, spec: { replicas: 3, selector: {}, template: {} }, status };
}
const available = [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }];

describe('deploymentReadiness', () => {
  it('is current and ready when every replica is updated and available', () => {
    const deployment = aDeployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: available });
    expect(deploymentReadiness(deployment, [])).toMatchObject({ current: true, ready: true, reason: 'Available' });
  });

  it('is not current while the controller has not seen the latest generation', () => {
    const deployment = aDeployment({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: available });
    expect(deploymentReadiness(deployment, [])).toMatchObject({ current: false, ready: false, reason: 'LatestGenerationNotObserved' });
  });

  it('is not current while replicas of the old template remain', () => {
    const deployment = aDeployment({ observedGeneration: 2, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, conditions: available });
    expect(deploymentReadiness(deployment, [])).toMatchObject({ current: false, ready: false });
  });

  it('is current but not ready when updated pods are not ready yet, and says why from the pods', () => {
    const deployment = aDeployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 1, availableReplicas: 1, conditions: available });
    const pending: V1Pod = {
      metadata: { name: 'app-x' },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }] },
    };
    const verdict = deploymentReadiness(deployment, [pending]);
    expect(verdict).toMatchObject({ current: true, ready: false, reason: 'Unschedulable' });
    expect(verdict.message).toContain('0/3 nodes are available');
  });

  it('is neither current nor ready once the progress deadline passed', () => {
    const conditions = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "app-2" has timed out progressing.' }];
    const deployment = aDeployment({ observedGeneration: 2, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, conditions });
    expect(deploymentReadiness(deployment, [])).toMatchObject({ current: false, ready: false, reason: 'ProgressDeadlineExceeded' });
  });
});
