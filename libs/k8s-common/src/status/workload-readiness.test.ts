import type { V1Pod } from '@kubernetes/client-node';
import type { KubeObject } from '../client/kube-client.ts';
import { combineReadiness, readinessConditions } from './readiness-conditions.ts';
import { workloadReadiness, type WorkloadReadiness } from './workload-readiness.ts';

type Fields = Record<string, unknown>;
const workload = (apiVersion: string, kind: string, spec: Fields, status: Fields | undefined, meta: Fields = {}): KubeObject =>
  ({ apiVersion, kind, metadata: { name: 'w', namespace: 'ns', generation: 1, ...meta }, spec, ...(status ? { status } : {}) }) as KubeObject;

const deployment = (status: Fields, spec: Fields = {}, meta: Fields = {}) =>
  workload('apps/v1', 'Deployment', { replicas: 3, progressDeadlineSeconds: 600, ...spec }, { observedGeneration: 1, ...status }, meta);
const availableDeployment: Fields = {
  replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
  conditions: [
    { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "w-1" has successfully progressed.' },
    { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
  ],
};
const statefulSet = (status: Fields, spec: Fields = {}, meta: Fields = {}) =>
  workload('apps/v1', 'StatefulSet', { replicas: 3, ...spec }, { observedGeneration: 1, ...status }, meta);
const settledStatefulSet: Fields = { replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: 'w-a', updateRevision: 'w-a' };
const daemonSet = (status: Fields) => workload('apps/v1', 'DaemonSet', {}, { observedGeneration: 1, ...status });
const settledDaemonSet: Fields = { desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberReady: 3 };
const job = (status: Fields | undefined, spec: Fields = {}) => workload('batch/v1', 'Job', spec, status, { generation: undefined });
const pvc = (phase?: string) => workload('v1', 'PersistentVolumeClaim', {}, phase ? { phase } : {}, { generation: undefined });

const brief = (r: WorkloadReadiness) => `${r.status}/${r.reason}`;

function pendingPod(name: string, message: string): V1Pod {
  return { metadata: { name }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] } };
}

describe('workloadReadiness', () => {
  describe('generic rules (kstatus checkGenericProperties)', () => {
    it('Terminating once a deletionTimestamp is set', () => {
      expect(brief(workloadReadiness(statefulSet(settledStatefulSet, {}, { deletionTimestamp: '2026-01-01T00:00:00Z' })))).toBe('Terminating/Terminating');
    });

    it('InProgress while the controller has not observed the latest generation, whatever the counts say', () => {
      const r = workloadReadiness(statefulSet(settledStatefulSet, {}, { generation: 2 }));
      expect(brief(r)).toBe('InProgress/LatestGenerationNotObserved');
      expect(r.message).toBe('StatefulSet ns/w: generation is 2, but latest observed generation is 1');
    });

    it('InProgress for a workload just created by an apply, before its controller wrote any status (even at 0 replicas)', () => {
      const fresh = workload('apps/v1', 'StatefulSet', { replicas: 0 }, undefined);
      expect(brief(workloadReadiness(fresh))).toBe('InProgress/NoObservedGeneration');
    });

    it('throws for a kind it does not know', () => {
      expect(() => workloadReadiness({ apiVersion: 'v1', kind: 'ConfigMap' })).toThrow(/ConfigMap is not one of/);
    });
  });

  describe('Deployment', () => {
    it('Current when updated, ready and available, and the new ReplicaSet is available', () => {
      expect(brief(workloadReadiness(deployment(availableDeployment)))).toBe('Current/Current');
    });

    it('Failed with the controller message once the progress deadline is exceeded', () => {
      const r = workloadReadiness(deployment({ ...availableDeployment, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "w-2" has timed out progressing.' }] }));
      expect(r).toMatchObject({ status: 'Failed', reason: 'ProgressDeadlineExceeded', message: 'Deployment ns/w: ReplicaSet "w-2" has timed out progressing.' });
    });

    it.each<[string, Fields, string]>([
      ['LessReplicas', { replicas: 2 }, 'Replicas: 2/3'],
      ['LessUpdated', { updatedReplicas: 1 }, 'Updated: 1/3'],
      ['ExtraPods', { replicas: 4 }, 'Pending termination: 1'],
      ['LessAvailable', { availableReplicas: 2 }, 'Available: 2/3'],
      ['LessReady', { readyReplicas: 2 }, 'Ready: 2/3'],
    ])('InProgress/%s', (reason, change, message) => {
      expect(workloadReadiness(deployment({ ...availableDeployment, ...change }))).toMatchObject({ status: 'InProgress', reason, message: `Deployment ns/w: ${message}` });
    });

    it('InProgress until the new ReplicaSet is available, when a progress deadline is set', () => {
      const conditions = [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }, { type: 'Available', status: 'True' }];
      expect(brief(workloadReadiness(deployment({ ...availableDeployment, conditions })))).toBe('InProgress/ReplicaSetNotAvailable');
      expect(brief(workloadReadiness(deployment({ ...availableDeployment, conditions }, { progressDeadlineSeconds: undefined })))).toBe('Current/Current');
    });

    it('InProgress until the Deployment is Available', () => {
      const conditions = [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }, { type: 'Available', status: 'False' }];
      expect(brief(workloadReadiness(deployment({ ...availableDeployment, conditions })))).toBe('InProgress/DeploymentNotAvailable');
    });

    it('says why pods are missing: the ReplicaFailure condition (a quota)', () => {
      const quota = 'pods "w-1-x" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2';
      const r = workloadReadiness(deployment({ ...availableDeployment, replicas: 2, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: quota }] }));
      expect(r).toMatchObject({ status: 'InProgress', reason: 'LessReplicas', blocker: { reason: 'FailedCreate', message: quota } });
      expect(r.message).toBe(`Deployment ns/w: Replicas: 2/3; ${quota}`);
    });
  });

  describe('StatefulSet', () => {
    it('Current when every replica is ready and the revisions match', () => {
      expect(brief(workloadReadiness(statefulSet(settledStatefulSet)))).toBe('Current/Current');
    });

    it.each<[string, Fields, string]>([
      ['LessReplicas', { replicas: 2 }, 'Replicas: 2/3'],
      ['LessReady', { readyReplicas: 1 }, 'Ready: 1/3'],
      ['ExtraPods', { replicas: 4 }, 'Pending termination: 1'],
      ['LessCurrent', { currentReplicas: 2 }, 'current: 2/3'],
      ['RevisionMismatch', { updateRevision: 'w-b' }, 'Waiting for updated revision to match current'],
    ])('InProgress/%s', (reason, change, message) => {
      expect(workloadReadiness(statefulSet({ ...settledStatefulSet, ...change }))).toMatchObject({ status: 'InProgress', reason, message: `StatefulSet ns/w: ${message}` });
    });

    it('with a partition: current once the pods above it are updated', () => {
      const spec = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } };
      expect(brief(workloadReadiness(statefulSet({ ...settledStatefulSet, updatedReplicas: 1 }, spec)))).toBe('InProgress/PartitionRollout');
      expect(brief(workloadReadiness(statefulSet({ ...settledStatefulSet, updatedReplicas: 2, updateRevision: 'w-b' }, spec)))).toBe('Current/Current');
    });

    it('with OnDelete: current only once every pod runs the update revision (currentRevision never moves under OnDelete)', () => {
      const spec = { updateStrategy: { type: 'OnDelete' } };
      const rolling = { ...settledStatefulSet, updateRevision: 'w-b', updatedReplicas: 2 };
      expect(workloadReadiness(statefulSet(rolling, spec))).toMatchObject({ status: 'InProgress', reason: 'LessUpdated', message: 'StatefulSet ns/w: Updated: 2/3' });
      expect(brief(workloadReadiness(statefulSet({ ...rolling, updatedReplicas: 3 }, spec)))).toBe('Current/Current');
    });

    it('says why a pod is not scheduled, with the scheduler\'s message', () => {
      const message = '0/3 nodes are available: 3 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
      const r = workloadReadiness(statefulSet({ ...settledStatefulSet, readyReplicas: 0 }), { pods: [pendingPod('w-1', message), pendingPod('w-0', message)] });
      expect(r).toMatchObject({ status: 'InProgress', reason: 'LessReady', blocker: { reason: 'Unschedulable' } });
      expect(r.message).toBe(`StatefulSet ns/w: Ready: 0/3; pod w-0 cannot be scheduled: ${message}`);
    });

    it('says why pods are missing: the StatefulSet controller\'s FailedCreate Event (a quota)', () => {
      const note = 'create Pod w-2 in StatefulSet w failed error: pods "w-2" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2';
      const events = [{ type: 'Normal', reason: 'SuccessfulCreate', note: 'create Pod w-1' }, { type: 'Warning', reason: 'FailedCreate', note }];
      const r = workloadReadiness(statefulSet({ ...settledStatefulSet, replicas: 2, readyReplicas: 2 }), { events });
      expect(r).toMatchObject({ status: 'InProgress', reason: 'LessReplicas', blocker: { reason: 'FailedCreate' }, message: `StatefulSet ns/w: Replicas: 2/3; ${note}` });
      // Once every pod exists, an old FailedCreate explains nothing.
      expect(workloadReadiness(statefulSet({ ...settledStatefulSet, readyReplicas: 2 }), { events }).blocker).toBeUndefined();
    });

    it('says which container cannot start', () => {
      const pod: V1Pod = { metadata: { name: 'w-0' }, status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 5, image: 'i', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } } }] } };
      const r = workloadReadiness(statefulSet({ ...settledStatefulSet, readyReplicas: 2 }), { pods: [pod] });
      expect(r).toMatchObject({ blocker: { reason: 'CrashLoopBackOff' }, message: 'StatefulSet ns/w: Ready: 2/3; pod w-0 container app: CrashLoopBackOff: back-off 5m0s restarting failed container' });
    });

    it('ignores what pods say once the workload is current', () => {
      expect(brief(workloadReadiness(statefulSet(settledStatefulSet), { pods: [pendingPod('w-3', 'no nodes')] }))).toBe('Current/Current');
    });
  });

  describe('DaemonSet', () => {
    it('Current when every node runs an updated, ready, available pod', () => {
      expect(brief(workloadReadiness(daemonSet(settledDaemonSet)))).toBe('Current/Current');
    });

    it.each<[string, Fields]>([
      ['NoDesiredNumber', { desiredNumberScheduled: undefined }],
      ['LessCurrent', { currentNumberScheduled: 2 }],
      ['LessUpdated', { updatedNumberScheduled: 2 }],
      ['LessAvailable', { numberAvailable: 2 }],
      ['LessReady', { numberReady: 2 }],
    ])('InProgress/%s', (reason, change) => {
      expect(brief(workloadReadiness(daemonSet({ ...settledDaemonSet, ...change })))).toBe(`InProgress/${reason}`);
    });
  });

  describe('ReplicaSet', () => {
    const rs = (status: Fields) => workload('apps/v1', 'ReplicaSet', { replicas: 2 }, { observedGeneration: 1, replicas: 2, fullyLabeledReplicas: 2, availableReplicas: 2, readyReplicas: 2, ...status });
    it('Current when labelled, available and ready', () => {
      expect(brief(workloadReadiness(rs({})))).toBe('Current/Current');
    });
    it('InProgress with the ReplicaFailure condition\'s reason', () => {
      const r = workloadReadiness(rs({ replicas: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota' }] }));
      expect(r).toMatchObject({ status: 'InProgress', reason: 'ReplicaFailure', blocker: { reason: 'FailedCreate' }, message: 'ReplicaSet ns/w: Replica Failure condition; quota' });
    });
  });

  describe('Job', () => {
    it('InProgress until it starts, then Current (kstatus: running is current)', () => {
      expect(brief(workloadReadiness(job({})))).toBe('InProgress/JobNotStarted');
      expect(brief(workloadReadiness(job({ startTime: '2026-01-01T00:00:00Z', active: 1 })))).toBe('Current/Current');
    });
    it('Current when complete or suspended, Failed when failed', () => {
      expect(brief(workloadReadiness(job({ conditions: [{ type: 'Complete', status: 'True' }], succeeded: 1 })))).toBe('Current/Current');
      expect(brief(workloadReadiness(job({ conditions: [{ type: 'Suspended', status: 'True' }] })))).toBe('Current/Current');
      expect(workloadReadiness(job({ conditions: [{ type: 'Failed', status: 'True', message: 'Job has reached the specified backoff limit' }], failed: 7 }))).toMatchObject({
        status: 'Failed', reason: 'JobFailed', message: 'Job ns/w: Job Failed. failed: 7/1: Job has reached the specified backoff limit',
      });
    });
  });

  describe('PersistentVolumeClaim', () => {
    it('Current when Bound, else NotBound with the phase', () => {
      expect(brief(workloadReadiness(pvc('Bound')))).toBe('Current/Current');
      expect(workloadReadiness(pvc('Pending')).message).toBe('PersistentVolumeClaim ns/w: PVC is not Bound. phase: Pending');
      expect(workloadReadiness(pvc()).reason).toBe('NotBound');
    });
  });
});

describe('readinessConditions', () => {
  it('Current is Ready; InProgress is Progressing; Failed is Degraded', () => {
    const of = (r: WorkloadReadiness) => Object.values(readinessConditions(r)).map((c) => `${c.status}/${c.reason}`);
    expect(of({ status: 'Current', reason: 'Current', message: 'm' })).toEqual(['True/Ready', 'False/Complete', 'False/Ready']);
    expect(of({ status: 'InProgress', reason: 'LessReady', message: 'm' })).toEqual(['False/LessReady', 'True/LessReady', 'False/Progressing']);
    expect(of({ status: 'InProgress', reason: 'LessReady', message: 'm', blocker: { reason: 'Unschedulable', message: 'x' } })).toEqual(['False/Unschedulable', 'True/Unschedulable', 'False/Progressing']);
    expect(of({ status: 'Failed', reason: 'ProgressDeadlineExceeded', message: 'm' })).toEqual(['False/ProgressDeadlineExceeded', 'False/ProgressDeadlineExceeded', 'True/ProgressDeadlineExceeded']);
  });
});

describe('combineReadiness', () => {
  it('takes the worst status and the messages of the workloads that are not current', () => {
    const combined = combineReadiness([
      { status: 'Current', reason: 'Current', message: 'a ok' },
      { status: 'InProgress', reason: 'LessReady', message: 'b 1/2' },
      { status: 'Failed', reason: 'JobFailed', message: 'c failed' },
    ]);
    expect(combined).toEqual({ status: 'Failed', reason: 'JobFailed', message: 'b 1/2; c failed' });
    expect(combineReadiness([]).status).toBe('Current');
  });
});
