import type { V1StatefulSet } from '@kubernetes/client-node';
import { validateResource, type Condition } from '@operators/k8s-common';
import { aCluster, withGeneration, withReplicas, withSpec, withStatus, withTls, type ClusterOption } from '../../test/fixtures.ts';
import { StreamBusClusterStatus, type ClusterPhase } from '../api/v1alpha1/streambuscluster.ts';
import type { BrokerAction } from '../rollout/broker-roller.ts';
import { computeClusterStatus, type ComputedClusterStatus, type ObservedClusterState } from './cluster-status.ts';

const t0 = new Date('2026-03-01T10:00:00Z');
const t1 = new Date('2026-03-01T10:05:00Z');

interface StatefulSetState {
  /** spec.replicas as applied; default: as many as exist. */
  desired?: number;
  replicas?: number;
  ready?: number;
  updated?: number;
  generation?: number;
  observedGeneration?: number;
}

/** The broker StatefulSet (OnDelete) as an apply returns it. */
function aStatefulSet({ replicas = 3, desired = replicas, ready = replicas, updated = replicas, generation = 1, observedGeneration = generation }: StatefulSetState = {}): V1StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'streambus-minimal', namespace: 'default', generation },
    spec: { replicas: desired, updateStrategy: { type: 'OnDelete' }, selector: {}, serviceName: 'streambus-minimal-headless', template: {} },
    status: { replicas, readyReplicas: ready, updatedReplicas: updated, observedGeneration, updateRevision: 'streambus-minimal-new' },
  };
}

function observed(overrides: Partial<ObservedClusterState> = {}): ObservedClusterState {
  return { statefulSet: aStatefulSet(), missingSecrets: [], rollout: { action: 'done' }, ...overrides };
}

const paused: ClusterOption = (cluster) => ({ ...cluster, metadata: { ...cluster.metadata, annotations: { ...cluster.metadata.annotations, 'streambus.io/pause-reconciliation': 'true' } } });
const monitorCreated = { status: 'True', reason: 'Created', message: 'ServiceMonitor default/streambus-minimal scrapes the brokers\' /metrics' } as const;
const monitorSkipped = { status: 'False', reason: 'CRDNotInstalled', message: 'the monitoring.coreos.com/v1 ServiceMonitor CRD is not installed' } as const;

/** A cluster whose last status had this phase, written for the current generation. */
const previously = (phase: ClusterPhase, conditions: Condition[] = []): ClusterOption => withStatus({ phase, conditions, observedGeneration: 1 });

function conditionOf(status: ComputedClusterStatus, type: string): Condition | undefined {
  return status.conditions.find((condition) => condition.type === type);
}

function summary(status: ComputedClusterStatus) {
  const brief = (type: string) => {
    const condition = conditionOf(status, type);
    return condition && `${condition.status}/${condition.reason}`;
  };
  return { phase: status.phase, ready: brief('Ready'), progressing: brief('Progressing'), degraded: brief('Degraded') };
}

const rolling: BrokerAction = { action: 'roll', pod: 'streambus-minimal-2', reason: 'RollingUpdate', message: 'rolling streambus-minimal-2 to revision new (2 more after it)' };
const waitingForRestartedBroker: BrokerAction = {
  action: 'wait',
  pod: 'streambus-minimal-1',
  waitingFor: ['streambus-minimal-2'],
  reason: 'BrokersNotReady',
  message: 'waiting for streambus-minimal-2 to become ready before rolling streambus-minimal-1',
};
const blockedByUnreadyBrokers: BrokerAction = {
  action: 'wait',
  pod: 'streambus-minimal-0',
  waitingFor: ['streambus-minimal-2', 'streambus-minimal-1'],
  reason: 'BrokersNotReady',
  message: 'waiting for streambus-minimal-2, streambus-minimal-1 to become ready before rolling streambus-minimal-0',
};

describe('computeClusterStatus', () => {
  describe('phases', () => {
    it('Pending: nothing created yet', () => {
      const status = computeClusterStatus(aCluster(), observed({ statefulSet: undefined }), t0);
      expect(summary(status)).toEqual({ phase: 'Pending', ready: 'False/Pending', progressing: 'True/Creating', degraded: 'False/Pending' });
      expect(status.replicas).toBe(0);
      expect(status.readyReplicas).toBe(0);
      expect(status.endpoints).toEqual([]);
    });

    it('Creating: the first rollout, not every broker ready yet', () => {
      const status = computeClusterStatus(aCluster(), observed({ statefulSet: aStatefulSet({ ready: 1 }) }), t0);
      expect(summary(status)).toEqual({ phase: 'Creating', ready: 'False/Creating', progressing: 'True/Creating', degraded: 'False/Creating' });
      expect(conditionOf(status, 'Ready')?.message).toBe('1/3 brokers ready');
      expect(conditionOf(status, 'Progressing')?.message).toBe('waiting for 2 of 3 brokers to become ready');
    });

    it('Creating, still, when the spec changes before the cluster first ran', () => {
      const status = computeClusterStatus(aCluster(previously('Creating')), observed({ statefulSet: aStatefulSet({ ready: 2 }), rollout: rolling }), t0);
      expect(status.phase).toBe('Creating');
      expect(conditionOf(status, 'Progressing')?.message).toBe(rolling.message);
    });

    it('Running: every broker ready on the desired revision', () => {
      const status = computeClusterStatus(aCluster(previously('Creating')), observed(), t0);
      expect(summary(status)).toEqual({ phase: 'Running', ready: 'True/AllBrokersReady', progressing: 'False/RolloutComplete', degraded: 'False/AllBrokersReady' });
      expect(conditionOf(status, 'Ready')?.message).toBe('3/3 brokers ready on the desired revision');
      expect(status).toMatchObject({ replicas: 3, readyReplicas: 3, observedGeneration: 1 });
      expect(status.rollout).toBeUndefined();
    });

    it('Running with 0 ready when scaled to zero, which is what the user asked for', () => {
      const status = computeClusterStatus(aCluster(withReplicas(0)), observed({ statefulSet: aStatefulSet({ replicas: 0 }) }), t0);
      expect(summary(status)).toEqual({ phase: 'Running', ready: 'True/ScaledToZero', progressing: 'False/RolloutComplete', degraded: 'False/AllBrokersReady' });
      expect(status.readyReplicas).toBe(0);
      expect(status.endpoints).toEqual([]);
    });

    it('Updating: a broker is being rolled', () => {
      const status = computeClusterStatus(aCluster(previously('Running')), observed({ rollout: rolling }), t0);
      expect(summary(status)).toEqual({ phase: 'Updating', ready: 'False/Updating', progressing: 'True/RollingUpdate', degraded: 'False/Updating' });
      expect(conditionOf(status, 'Progressing')?.message).toBe(rolling.message);
      expect(status.rollout).toEqual({ broker: 'streambus-minimal-2', reason: 'RollingUpdate', message: rolling.message });
    });

    it('Updating: waiting for the broker it just restarted to come back', () => {
      const status = computeClusterStatus(aCluster(previously('Updating')), observed({ statefulSet: aStatefulSet({ ready: 2 }), rollout: waitingForRestartedBroker }), t0);
      expect(summary(status)).toMatchObject({ phase: 'Updating', progressing: 'True/BrokersNotReady', degraded: 'False/Updating' });
      expect(status.rollout).toEqual({ broker: 'streambus-minimal-1', reason: 'BrokersNotReady', message: waitingForRestartedBroker.message });
    });

    it.each<[string, BrokerAction]>([
      ['terminating', { action: 'wait', pod: 'streambus-minimal-1', waitingFor: ['streambus-minimal-2'], reason: 'BrokerTerminating', message: 'm' }],
      ['missing', { action: 'wait', pod: 'streambus-minimal-1', waitingFor: ['streambus-minimal-2'], reason: 'BrokerMissing', message: 'm' }],
    ])('Updating: waiting for a %s broker during the rollout', (_name, rollout) => {
      expect(computeClusterStatus(aCluster(previously('Running')), observed({ statefulSet: aStatefulSet({ ready: 2 }), rollout }), t0).phase).toBe('Updating');
    });

    it('Updating: scaling up, new brokers starting', () => {
      const status = computeClusterStatus(aCluster(withReplicas(5), previously('Running')), observed({ statefulSet: aStatefulSet({ desired: 5, replicas: 3, ready: 3 }) }), t0);
      expect(summary(status)).toMatchObject({ phase: 'Updating', progressing: 'True/Scaling' });
      expect(conditionOf(status, 'Progressing')?.message).toBe('scaling from 3 to 5 brokers');
    });

    it('Updating: the spec changed and the brokers are not all ready yet', () => {
      const cluster = aCluster(withGeneration(2), previously('Running'));
      const status = computeClusterStatus(cluster, observed({ statefulSet: aStatefulSet({ ready: 2 }) }), t0);
      expect(summary(status)).toMatchObject({ phase: 'Updating', progressing: 'True/Updating' });
    });

    it('Updating, not Running, until the StatefulSet controller has seen the latest template', () => {
      const status = computeClusterStatus(aCluster(previously('Running')), observed({ statefulSet: aStatefulSet({ generation: 2, observedGeneration: 1 }) }), t0);
      expect(status.phase).toBe('Updating');
    });

    it('Degraded: brokers became unready after the cluster ran, with no update going on', () => {
      const status = computeClusterStatus(aCluster(previously('Running')), observed({ statefulSet: aStatefulSet({ ready: 2 }) }), t0);
      expect(summary(status)).toEqual({ phase: 'Degraded', ready: 'False/BrokersNotReady', progressing: 'False/RolloutComplete', degraded: 'True/BrokersNotReady' });
      expect(conditionOf(status, 'Degraded')?.message).toBe('2/3 brokers ready after the cluster was running');
    });

    it('Degraded: the rollout waits on more unready brokers than it took down itself', () => {
      const status = computeClusterStatus(aCluster(previously('Updating')), observed({ statefulSet: aStatefulSet({ ready: 1 }), rollout: blockedByUnreadyBrokers }), t0);
      expect(summary(status)).toEqual({ phase: 'Degraded', ready: 'False/BrokersNotReady', progressing: 'True/BrokersNotReady', degraded: 'True/BrokersNotReady' });
      expect(conditionOf(status, 'Degraded')?.message).toBe(`1/3 brokers ready; ${blockedByUnreadyBrokers.message}`);
    });

    it('Running again once a degraded cluster recovers', () => {
      expect(computeClusterStatus(aCluster(previously('Degraded')), observed(), t0).phase).toBe('Running');
    });

    it('Failed: a Secret the spec names is missing, named with its field', () => {
      const cluster = aCluster(withTls({ ca: true, clientAuth: true }), previously('Running'));
      const status = computeClusterStatus(cluster, observed({ missingSecrets: ['streambus-ca-cert'] }), t0);
      expect(summary(status)).toEqual({ phase: 'Failed', ready: 'False/SecretNotFound', progressing: 'False/SecretNotFound', degraded: 'False/SecretNotFound' });
      expect(conditionOf(status, 'Ready')?.message).toBe(
        'Secret "streambus-ca-cert" (spec.security.tls.caSecretName) not found in namespace default; the brokers cannot start without it',
      );
    });

    it('Failed: names every missing Secret', () => {
      const status = computeClusterStatus(aCluster(withTls({ ca: true })), observed({ missingSecrets: ['streambus-tls-certs', 'streambus-ca-cert'] }), t0);
      expect(conditionOf(status, 'Ready')?.message).toBe(
        'Secret "streambus-tls-certs" (spec.security.tls.certSecretName), Secret "streambus-ca-cert" (spec.security.tls.caSecretName) not found in namespace default; the brokers cannot start without them',
      );
    });

    it('Failed: the spec cannot be realised, the specific error first', () => {
      const status = computeClusterStatus(aCluster(), observed({ specError: 'storage.class cannot change', missingSecrets: ['x'] }), t0);
      expect(summary(status)).toMatchObject({ phase: 'Failed', ready: 'False/InvalidSpec' });
      expect(conditionOf(status, 'Ready')?.message).toBe('storage.class cannot change');
    });
  });

  describe('conditions', () => {
    it('keep lastTransitionTime while the status stays, and move it when the status changes', () => {
      const running = computeClusterStatus(aCluster(previously('Creating')), observed(), t0);
      const again = computeClusterStatus(aCluster(withStatus(running)), observed(), t1);
      expect(again).toEqual(running);

      const degraded = computeClusterStatus(aCluster(withStatus(running)), observed({ statefulSet: aStatefulSet({ ready: 2 }) }), t1);
      expect(conditionOf(degraded, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: '2026-03-01T10:05:00Z' });
      expect(conditionOf(degraded, 'Degraded')).toMatchObject({ status: 'True', lastTransitionTime: '2026-03-01T10:05:00Z' });
      expect(conditionOf(degraded, 'Progressing')).toMatchObject({ status: 'False', lastTransitionTime: '2026-03-01T10:00:00Z' });
    });

    it('carry the generation they describe', () => {
      const status = computeClusterStatus(aCluster(withGeneration(7)), observed(), t0);
      expect(status.observedGeneration).toBe(7);
      expect(status.conditions.map((condition) => condition.observedGeneration)).toEqual([7, 7, 7]);
    });

    it('are Ready, Progressing and Degraded when nothing optional is relevant', () => {
      expect(computeClusterStatus(aCluster(), observed(), t0).conditions.map((condition) => condition.type)).toEqual(['Ready', 'Progressing', 'Degraded']);
    });

    it('say the ServiceMonitor was created', () => {
      const status = computeClusterStatus(aCluster(), observed({ serviceMonitor: monitorCreated }), t0);
      expect(conditionOf(status, 'ServiceMonitor')).toMatchObject({ status: 'True', reason: 'Created' });
    });

    it('say why the ServiceMonitor was skipped, without failing the cluster', () => {
      const status = computeClusterStatus(aCluster(previously('Running')), observed({ serviceMonitor: monitorSkipped }), t0);
      expect(conditionOf(status, 'ServiceMonitor')).toMatchObject({ status: 'False', reason: 'CRDNotInstalled' });
      expect(conditionOf(status, 'ServiceMonitor')?.message).toContain('monitoring.coreos.com/v1 ServiceMonitor CRD is not installed');
      expect(status.phase).toBe('Running');
    });

    it('drop the ServiceMonitor condition once it is no longer asked for', () => {
      const withMonitor = computeClusterStatus(aCluster(), observed({ serviceMonitor: monitorCreated }), t0);
      const without = computeClusterStatus(aCluster(withStatus(withMonitor)), observed(), t1);
      expect(conditionOf(without, 'ServiceMonitor')).toBeUndefined();
    });

    it('say the cluster is paused, stop claiming progress, and tell what the rollout would do next', () => {
      const status = computeClusterStatus(aCluster(previously('Running'), paused), observed({ rollout: rolling }), t0);
      expect(conditionOf(status, 'Paused')).toMatchObject({ status: 'True', reason: 'ReconciliationPaused' });
      expect(conditionOf(status, 'Paused')?.message).toContain('streambus.io/pause-reconciliation');
      expect(conditionOf(status, 'Progressing')).toMatchObject({ status: 'False', reason: 'ReconciliationPaused' });
      expect(status.rollout).toEqual({
        broker: 'streambus-minimal-2',
        reason: 'ReconciliationPaused',
        message: `paused by streambus.io/pause-reconciliation; next: ${rolling.message}`,
      });
      expect(conditionOf(status, 'Ready')).toMatchObject({
        status: 'True',
        reason: 'ReconciliationPaused',
        message: '3/3 brokers ready as last applied; streambus.io/pause-reconciliation is "true": the operator changes nothing until it is removed',
      });
    });

    it('drop the Paused condition once resumed', () => {
      const pausedStatus = computeClusterStatus(aCluster(paused), observed(), t0);
      expect(conditionOf(computeClusterStatus(aCluster(withStatus(pausedStatus)), observed(), t1), 'Paused')).toBeUndefined();
    });
  });

  describe('claims only what has happened', () => {
    it('is not Running while the StatefulSet the apply returned has a generation its controller has not observed', () => {
      // What an apply that wrote returns: the new template's generation, the old status.
      const applied = aStatefulSet({ generation: 2, observedGeneration: 1 });
      const revisionUnknown: BrokerAction = { action: 'wait', waitingFor: [], reason: 'RevisionUnknown', message: 'waiting for the StatefulSet controller to report its update revision' };
      for (const rollout of [revisionUnknown, { action: 'done' } as const]) {
        const status = computeClusterStatus(aCluster(withGeneration(2), previously('Running')), observed({ statefulSet: applied, rollout }), t0);
        expect(summary(status)).toMatchObject({ phase: 'Updating', ready: 'False/Updating' });
      }
    });

    it('is not Running until every broker runs the update revision (OnDelete), whatever the roller reports', () => {
      const status = computeClusterStatus(aCluster(previously('Running')), observed({ statefulSet: aStatefulSet({ updated: 2 }) }), t0);
      expect(status.phase).not.toBe('Running');
      expect(conditionOf(status, 'Ready')?.status).toBe('False');
    });

    it('says why brokers are not ready when the scheduler cannot place them', () => {
      const message = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.";
      const pods = [0, 1, 2].map((i) => ({ metadata: { name: `streambus-minimal-${i}` }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] } }));
      const status = computeClusterStatus(aCluster(), observed({ statefulSet: aStatefulSet({ ready: 0 }), pods }), t0);
      expect(conditionOf(status, 'Ready')?.message).toBe(`0/3 brokers ready; Unschedulable: pod streambus-minimal-0 cannot be scheduled: ${message}`);
      expect(conditionOf(status, 'Progressing')?.message).toBe(`waiting for 3 of 3 brokers to become ready; Unschedulable: pod streambus-minimal-0 cannot be scheduled: ${message}`);
    });

    it('says why brokers are missing when the StatefulSet controller cannot create them (a quota)', () => {
      const note = 'create Pod streambus-minimal-2 in StatefulSet streambus-minimal failed error: pods "streambus-minimal-2" is forbidden: exceeded quota: q';
      const status = computeClusterStatus(aCluster(), observed({ statefulSet: aStatefulSet({ desired: 3, replicas: 2 }), events: [{ type: 'Warning', reason: 'FailedCreate', note }] }), t0);
      expect(conditionOf(status, 'Ready')?.message).toBe(`2/3 brokers ready; FailedCreate: ${note}`);
    });

    describe('while paused with a changed spec', () => {
      const changed = aCluster(previously('Running'), withGeneration(2), paused);

      it('keeps observedGeneration, and each condition\'s, at the generation last applied', () => {
        const status = computeClusterStatus(changed, observed(), t0);
        expect(status.observedGeneration).toBe(1);
        expect(status.conditions.map((c) => c.observedGeneration)).toEqual([1, 1, 1, 1]);
        expect(conditionOf(status, 'Paused')?.message).toMatch(/generation 2 of the spec is not applied/);
      });

      it('says in Ready whether what runs is ready, with the reason ReconciliationPaused', () => {
        expect(summary(computeClusterStatus(changed, observed(), t0))).toMatchObject({ phase: 'Running', ready: 'True/ReconciliationPaused', progressing: 'False/ReconciliationPaused' });
        const down = computeClusterStatus(changed, observed({ statefulSet: aStatefulSet({ ready: 1 }) }), t0);
        expect(summary(down)).toMatchObject({ ready: 'False/ReconciliationPaused', degraded: 'True/BrokersNotReady' });
      });

      it('does not report the Secret checks, which do not run', () => {
        expect(conditionOf(computeClusterStatus(changed, observed({ missingSecrets: ['x'] }), t0), 'Ready')?.reason).toBe('ReconciliationPaused');
      });
    });

    describe('progress deadline (spec.progressDeadlineSeconds, default 600)', () => {
      const stuck = observed({ statefulSet: aStatefulSet({ ready: 2 }), rollout: waitingForRestartedBroker });

      it('marks the step the rollout waits on, and keeps its start while it stays the same', () => {
        const first = computeClusterStatus(aCluster(previously('Updating')), stuck, t0);
        expect(first.progress).toEqual({ step: waitingForRestartedBroker.message, since: '2026-03-01T10:00:00Z' });
        expect(computeClusterStatus(aCluster(withStatus(first)), stuck, t1).progress).toEqual(first.progress);
        expect(conditionOf(computeClusterStatus(aCluster(withStatus(first)), stuck, t1), 'Degraded')?.status).toBe('False');
      });

      it('turns Degraded=True once exceeded, naming the broker and what the rollout waits for', () => {
        const first = computeClusterStatus(aCluster(previously('Updating')), stuck, t0);
        const later = computeClusterStatus(aCluster(withStatus(first)), stuck, new Date('2026-03-01T10:10:00Z'));
        expect(conditionOf(later, 'Degraded')).toMatchObject({ status: 'True', reason: 'ProgressDeadlineExceeded' });
        expect(conditionOf(later, 'Degraded')?.message).toBe(`no progress for more than 10m (since 2026-03-01T10:00:00Z): ${waitingForRestartedBroker.message}`);
        expect(conditionOf(later, 'Ready')?.status).toBe('False');
      });

      it('follows the spec, and starts again when the rollout moves on', () => {
        const first = computeClusterStatus(aCluster(previously('Updating'), withSpec({ progressDeadlineSeconds: 60 })), stuck, t0);
        expect(conditionOf(computeClusterStatus(aCluster(withStatus(first), withSpec({ progressDeadlineSeconds: 60 })), stuck, new Date('2026-03-01T10:01:00Z')), 'Degraded')?.status).toBe('True');
        const moved = computeClusterStatus(aCluster(withStatus(first), withSpec({ progressDeadlineSeconds: 60 })), observed({ rollout: rolling }), new Date('2026-03-01T10:01:00Z'));
        expect(moved.progress).toEqual({ step: rolling.message, since: '2026-03-01T10:01:00Z' });
        expect(conditionOf(moved, 'Degraded')?.status).toBe('False');
      });

      it('clears the mark once nothing is in progress', () => {
        const first = computeClusterStatus(aCluster(previously('Updating')), stuck, t0);
        expect(computeClusterStatus(aCluster(withStatus(first)), observed(), t1).progress).toBeUndefined();
      });
    });
  });

  it.each<[string, ObservedClusterState]>([
    ['pending', observed({ statefulSet: undefined })],
    ['running with a ServiceMonitor', observed({ serviceMonitor: monitorCreated })],
    ['failed', observed({ missingSecrets: ['streambus-tls-certs'] })],
    ['paused mid-rollout', observed({ rollout: rolling, serviceMonitor: monitorSkipped })],
    ['in a rollout past its deadline', observed({ statefulSet: aStatefulSet({ ready: 2 }), rollout: waitingForRestartedBroker })],
  ])('writes a status the CRD accepts when %s', (name, state) => {
    const cluster = aCluster(previously('Running'), ...(name.startsWith('paused') ? [paused] : []));
    const status = computeClusterStatus(cluster, state, t0);
    expect(validateResource(StreamBusClusterStatus, status)).toEqual({ ok: true, value: status });
  });

  it('reports the broker endpoints and the selector of the scale subresource', () => {
    const status = computeClusterStatus(aCluster(), observed(), t0);
    expect(status.endpoints).toEqual([
      'streambus-minimal-0.streambus-minimal-headless.default.svc:9092',
      'streambus-minimal-1.streambus-minimal-headless.default.svc:9092',
      'streambus-minimal-2.streambus-minimal-headless.default.svc:9092',
    ]);
    expect(status.selector).toBe(
      'app.kubernetes.io/component=broker,app.kubernetes.io/instance=streambus-minimal,app.kubernetes.io/name=streambus-broker',
    );
  });
});
