import type { V1Deployment, V1DeploymentCondition } from '@kubernetes/client-node';
import { progressDeadlineExceeded } from './progress-deadline.ts';

const t0 = '2026-03-01T10:00:00Z';
const at = (seconds: number) => new Date(Date.parse(t0) + seconds * 1000);

function aDeployment(progressing: Partial<V1DeploymentCondition> | undefined, overrides: { generation?: number; observedGeneration?: number; ready?: number } = {}): V1Deployment {
  const { generation = 2, observedGeneration = generation, ready = 1 } = overrides;
  return {
    metadata: { name: 'app', generation },
    spec: { replicas: 3, progressDeadlineSeconds: 120, selector: {}, template: {} },
    status: {
      observedGeneration,
      replicas: 4,
      updatedReplicas: 1,
      availableReplicas: ready + 2,
      conditions: progressing ? [{ type: 'Progressing', status: 'True', lastUpdateTime: t0 as unknown as Date, ...progressing } as V1DeploymentCondition] : [],
    },
  };
}

describe('progressDeadlineExceeded', () => {
  it('believes the Deployment controller when it says so', () => {
    expect(progressDeadlineExceeded(aDeployment({ status: 'False', reason: 'ProgressDeadlineExceeded' }), at(0))).toBe(true);
  });

  it('is true once the deadline has passed since the last progress, before the controller notices', () => {
    const deployment = aDeployment({ reason: 'ReplicaSetUpdated' });
    expect(progressDeadlineExceeded(deployment, at(120))).toBe(false);
    expect(progressDeadlineExceeded(deployment, at(121))).toBe(true);
  });

  it('is false for a complete rollout, however old', () => {
    expect(progressDeadlineExceeded(aDeployment({ reason: 'NewReplicaSetAvailable' }), at(10_000))).toBe(false);
    const complete: V1Deployment = { ...aDeployment({ reason: 'ReplicaSetUpdated' }), status: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3, conditions: aDeployment({ reason: 'ReplicaSetUpdated' }).status?.conditions } };
    expect(progressDeadlineExceeded(complete, at(10_000))).toBe(false);
  });

  it('is false while the controller has not seen the latest template: its condition is about the previous rollout', () => {
    expect(progressDeadlineExceeded(aDeployment({ status: 'False', reason: 'ProgressDeadlineExceeded' }, { generation: 3, observedGeneration: 2 }), at(0))).toBe(false);
  });

  it('is false without a Deployment, a Progressing condition or a readable time', () => {
    expect(progressDeadlineExceeded(undefined, at(0))).toBe(false);
    expect(progressDeadlineExceeded(aDeployment(undefined), at(10_000))).toBe(false);
    expect(progressDeadlineExceeded(aDeployment({ reason: 'ReplicaSetUpdated', lastUpdateTime: undefined }), at(10_000))).toBe(false);
  });

  it('uses the API default of 600 seconds when the deadline is unset', () => {
    const deployment = aDeployment({ reason: 'ReplicaSetUpdated' });
    delete deployment.spec!.progressDeadlineSeconds;
    expect(progressDeadlineExceeded(deployment, at(600))).toBe(false);
    expect(progressDeadlineExceeded(deployment, at(601))).toBe(true);
  });
});
