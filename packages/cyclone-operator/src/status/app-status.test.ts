import type { V1Deployment } from '@kubernetes/client-node';
import { validateResource, type Condition } from '@operators/k8s-common';
import { anApp, withGeneration, withoutAutoscaling, withReplicas, withStatus, withTls, type AppOption } from '../../test/fixtures.ts';
import { CycloneAppStatus, type AppPhase, type CycloneApp } from '../api/v1/cycloneapp.ts';
import type { ConfigDecision } from '../config/config-source.ts';
import type { PerformanceStatus } from '../performance/performance-status.ts';
import { desiredDeployment } from '../resources/deployment.ts';
import type { ReleaseDecision } from '../rollout/release.ts';
import type { WorkloadReadiness } from '../support/workload-readiness.ts';
import { computeAppStatus, invalidSpecStatus, type ObservedAppState } from './app-status.ts';
import type { NodeCapabilityVerdict } from './node-capabilities.ts';

const t0 = new Date('2026-03-01T10:00:00Z');
const t1 = new Date('2026-03-01T10:05:00Z');
const v200 = { version: '2.0.0', image: 'cyclone/cyclone-web:v2.0.0' };
const v210 = { version: '2.1.0', image: 'cyclone/cyclone-web:v2.1.0' };

/** The Deployment as the API server returns it, running `release`, with `ready` of 3 pods ready. */
function aDeployment(release = v200, ready = 3): V1Deployment {
  const desired = desiredDeployment(anApp(), { release, restartHash: 'h' });
  return { ...desired, status: { replicas: 3, readyReplicas: ready, availableReplicas: ready, updatedReplicas: 3, observedGeneration: 1 } };
}

const available: WorkloadReadiness = { current: true, ready: true, reason: 'Available', message: '3/3 pods available' };
const starting: WorkloadReadiness = { current: true, ready: false, reason: 'PodsNotReady', message: '1/3 pods available' };
const rolling: WorkloadReadiness = { current: false, ready: false, reason: 'ReplicaSetUpdated', message: 'rolling out: 1 of 3 pods updated' };
const unschedulable: WorkloadReadiness = {
  current: true,
  ready: false,
  reason: 'Unschedulable',
  message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector",
};

const inSync: ConfigDecision = { outcome: 'in-sync', content: 'x', renderedHash: 'h' };
const noPrometheus: PerformanceStatus = {
  condition: { status: 'False', reason: 'PrometheusNotConfigured', message: 'the operator runs without --prometheus-url' },
};

function observed(overrides: Partial<ObservedAppState> = {}): ObservedAppState {
  return {
    deployment: aDeployment(),
    readiness: available,
    release: { state: 'Available', run: v200, lastKnownGood: v200 },
    nodes: { required: true, satisfiable: true, reason: 'CapableNodesFound', message: '3 nodes offer cyclone.dev/rdma-capable' },
    missingSecrets: [],
    serviceMonitor: 'not-requested',
    config: inSync,
    performance: noPrometheus,
    paused: false,
    ...overrides,
  };
}

/** An app whose last status had this phase and ready count, written for the current generation. */
const previously = (phase: AppPhase, readyReplicas = 3, conditions: Condition[] = []): AppOption =>
  withStatus({ phase, readyReplicas, conditions, observedGeneration: 1 });

function brief(status: CycloneAppStatus) {
  const of = (type: string) => {
    const found = status.conditions?.find((condition) => condition.type === type);
    return found && `${found.status}/${found.reason}`;
  };
  return { phase: status.phase, ready: of('Ready'), progressing: of('Progressing'), degraded: of('Degraded') };
}
const conditionOf = (status: CycloneAppStatus, type: string) => status.conditions?.find((condition) => condition.type === type);

describe('computeAppStatus', () => {
  describe('phases', () => {
    it('Pending: no Deployment yet', () => {
      const status = computeAppStatus(anApp(), observed({ deployment: undefined, readiness: undefined }), t0);
      expect(brief(status)).toEqual({ phase: 'Pending', ready: 'False/Pending', progressing: 'True/Creating', degraded: 'False/Pending' });
      expect(status.replicas).toBe(0);
    });

    it('Creating: the first rollout', () => {
      const status = computeAppStatus(anApp(), observed({ deployment: aDeployment(v200, 1), readiness: starting, release: { state: 'RollingOut', run: v200 } }), t0);
      expect(brief(status)).toEqual({ phase: 'Creating', ready: 'False/Creating', progressing: 'True/Creating', degraded: 'False/Creating' });
      expect(conditionOf(status, 'Ready')?.message).toBe('1/3 pods available');
    });

    it('Running: current and ready, with the counts, selector and version', () => {
      const status = computeAppStatus(anApp(), observed(), t0);
      expect(brief(status)).toEqual({ phase: 'Running', ready: 'True/Available', progressing: 'False/RolloutComplete', degraded: 'False/Available' });
      expect(status).toMatchObject({
        replicas: 3,
        readyReplicas: 3,
        observedGeneration: 1,
        version: '2.0.0',
        lastKnownGoodVersion: '2.0.0',
        lastKnownGoodImage: 'cyclone/cyclone-web:v2.0.0',
        selector: 'app.kubernetes.io/component=web,app.kubernetes.io/instance=my-cyclone-app,app.kubernetes.io/name=cyclone-web',
      });
      expect(conditionOf(status, 'Progressing')?.message).toBe('every pod runs 2.0.0');
    });

    it('Running with nothing to serve when scaled to zero', () => {
      const status = computeAppStatus(anApp(withoutAutoscaling, withReplicas(0)), observed({ deployment: { ...aDeployment(), status: { replicas: 0 } } }), t0);
      expect(brief(status).ready).toBe('True/ScaledToZero');
    });

    it('Updating: a version bump rolling out after the app ran', () => {
      const app = anApp(withGeneration(2), previously('Running'));
      const status = computeAppStatus(app, observed({ deployment: aDeployment(v210), readiness: rolling, release: { state: 'RollingOut', run: v210, lastKnownGood: v200 } }), t0);
      expect(brief(status)).toEqual({ phase: 'Updating', ready: 'False/Updating', progressing: 'True/ReplicaSetUpdated', degraded: 'False/Updating' });
      expect(status.version).toBe('2.1.0');
      expect(status.lastKnownGoodVersion).toBe('2.0.0');
    });

    it('Updating, not Degraded, while the autoscaler brings new pods up', () => {
      const app = anApp(previously('Running', 3));
      const scaledUp = { ...aDeployment(), status: { replicas: 5, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 5, observedGeneration: 1 } };
      const status = computeAppStatus(app, observed({ deployment: scaledUp, readiness: { ...starting, message: '3/5 pods available' }, release: { state: 'RollingOut', run: v200, lastKnownGood: v200 } }), t0);
      expect(brief(status).phase).toBe('Updating');
    });

    it('Degraded: ready pods lost after the app ran, with the workload\'s reason', () => {
      const app = anApp(previously('Running', 3));
      const status = computeAppStatus(app, observed({ deployment: aDeployment(v200, 2), readiness: { ...starting, message: '2/3 pods available; pod x: CrashLoopBackOff' }, release: { state: 'RollingOut', run: v200, lastKnownGood: v200 } }), t0);
      expect(brief(status)).toEqual({ phase: 'Degraded', ready: 'False/PodsNotReady', progressing: 'False/RolloutComplete', degraded: 'True/PodsNotReady' });
      expect(conditionOf(status, 'Degraded')?.message).toBe('2/3 pods available; pod x: CrashLoopBackOff');
    });

    it('stays Degraded until every pod is ready again', () => {
      const app = anApp(previously('Degraded', 2));
      const status = computeAppStatus(app, observed({ deployment: aDeployment(v200, 2), readiness: starting, release: { state: 'RollingOut', run: v200, lastKnownGood: v200 } }), t0);
      expect(brief(status).phase).toBe('Degraded');
      expect(brief(computeAppStatus(app, observed(), t0)).phase).toBe('Running');
    });

    it('Degraded with the progress deadline, when no rollback happens', () => {
      const release: ReleaseDecision = { state: 'ProgressDeadlineExceeded', run: v210, lastKnownGood: v200, message: '2.1.0 made no progress within 600s' };
      const status = computeAppStatus(anApp(previously('Updating')), observed({ deployment: aDeployment(v210, 0), readiness: rolling, release }), t0);
      expect(brief(status)).toEqual({
        phase: 'Degraded',
        ready: 'False/ProgressDeadlineExceeded',
        progressing: 'False/ProgressDeadlineExceeded',
        degraded: 'True/ProgressDeadlineExceeded',
      });
      expect(conditionOf(status, 'Degraded')?.message).toBe('2.1.0 made no progress within 600s');
    });

    it('RolledBack: rolling the last known-good release back in, then running it', () => {
      const rollback = { failed: v210, restored: v200, time: '2026-03-01T10:00:00Z', message: '2.1.0 failed; rolled back to 2.0.0' };
      const release: ReleaseDecision = { state: 'RolledBack', run: v200, lastKnownGood: v200, rollback, message: rollback.message };
      const rollingBack = computeAppStatus(anApp(previously('Updating')), observed({ deployment: aDeployment(v200, 2), readiness: rolling, release }), t0);
      expect(brief(rollingBack)).toEqual({ phase: 'RolledBack', ready: 'False/RolledBack', progressing: 'True/RollingBack', degraded: 'True/RolledBack' });
      expect(rollingBack.rollback).toEqual(rollback);
      expect(rollingBack.version).toBe('2.0.0');
      const settled = computeAppStatus(anApp(previously('RolledBack')), observed({ release }), t0);
      expect(brief(settled)).toEqual({ phase: 'RolledBack', ready: 'False/RolledBack', progressing: 'False/RolledBack', degraded: 'True/RolledBack' });
    });

    it('Failed: a missing TLS Secret, naming the field', () => {
      const status = computeAppStatus(anApp(withTls), observed({ missingSecrets: ['my-tls-secret'] }), t0);
      expect(brief(status)).toEqual({ phase: 'Failed', ready: 'False/SecretNotFound', progressing: 'False/SecretNotFound', degraded: 'False/SecretNotFound' });
      expect(conditionOf(status, 'Ready')?.message).toBe(
        'Secret "my-tls-secret" (spec.tls.certificateSecret) not found in namespace default; the pods cannot start without it',
      );
    });

    it('Failed: a spec that only the operator could find invalid', () => {
      const status = computeAppStatus(anApp(), observed({ specError: 'spec.config: config may not set server' }), t0);
      expect(brief(status).ready).toBe('False/InvalidSpec');
      expect(conditionOf(status, 'Ready')?.message).toBe('spec.config: config may not set server');
    });
  });

  describe('a stored spec that fails validation', () => {
    it('is Failed with Ready=False InvalidSpec naming the field, and keeps the rest of the status', () => {
      const running = computeAppStatus(anApp(), observed(), t0);
      const rollback = { failed: v210, restored: v200, time: '2026-03-01T09:00:00Z', message: 'rolled back' };
      const stored = { ...anApp(withStatus({ ...running, rollback, performance: { currentRPS: 1000 } })), spec: { tracing: 'invalid' } } as unknown as CycloneApp;
      const status = invalidSpecStatus({ ...stored, metadata: { ...stored.metadata, generation: 2 } }, 'spec.observability.tracing.endpoint: endpoint is required when tracing is enabled', t1);
      expect(brief(status)).toEqual({ phase: 'Failed', ready: 'False/InvalidSpec', progressing: 'False/InvalidSpec', degraded: 'False/InvalidSpec' });
      expect(conditionOf(status, 'Ready')).toMatchObject({
        message: 'spec.observability.tracing.endpoint: endpoint is required when tracing is enabled',
        observedGeneration: 2,
        lastTransitionTime: '2026-03-01T10:05:00Z',
      });
      expect(status).toMatchObject({ observedGeneration: 2, lastKnownGoodVersion: '2.0.0', version: '2.0.0', readyReplicas: 3, rollback, performance: { currentRPS: 1000 } });
      expect(conditionOf(status, 'PerformanceMetrics')).toEqual(conditionOf(running, 'PerformanceMetrics'));
    });
  });

  describe('node capabilities', () => {
    const noNode: NodeCapabilityVerdict = {
      required: true,
      satisfiable: false,
      reason: 'NoCapableNode',
      message: 'no schedulable node carries cyclone.dev/rdma-capable=true (spec.networking.enableRDMA)',
      missing: [],
    };

    it('says which flag no node can honour, instead of pods that wait silently', () => {
      const status = computeAppStatus(anApp(), observed({ deployment: aDeployment(v200, 0), readiness: unschedulable, release: { state: 'RollingOut', run: v200 }, nodes: noNode }), t0);
      expect(brief(status)).toEqual({ phase: 'Pending', ready: 'False/NoCapableNode', progressing: 'False/NoCapableNode', degraded: 'False/NoCapableNode' });
      expect(conditionOf(status, 'Ready')?.message).toBe(noNode.message);
      expect(conditionOf(status, 'NodeCapabilities')).toMatchObject({ status: 'False', reason: 'NoCapableNode', message: noNode.message });
    });

    it('is Degraded when it happens to an app that ran', () => {
      const status = computeAppStatus(anApp(previously('Running')), observed({ deployment: aDeployment(v200, 1), readiness: unschedulable, nodes: noNode, release: { state: 'RollingOut', run: v200 } }), t0);
      expect(brief(status)).toMatchObject({ phase: 'Degraded', degraded: 'True/NoCapableNode' });
    });

    it('reports capable nodes, and does not block pods that already run', () => {
      const status = computeAppStatus(anApp(), observed({ nodes: noNode }), t0);
      expect(brief(status).phase).toBe('Running');
      expect(conditionOf(status, 'NodeCapabilities')?.status).toBe('False');
      expect(conditionOf(computeAppStatus(anApp(), observed(), t0), 'NodeCapabilities')).toMatchObject({ status: 'True', reason: 'CapableNodesFound' });
    });

    it('drops the condition when no flag needs a node capability', () => {
      const before = computeAppStatus(anApp(), observed(), t0);
      const after = computeAppStatus(anApp(withStatus(before)), observed({ nodes: { required: false } }), t1);
      expect(conditionOf(after, 'NodeCapabilities')).toBeUndefined();
    });
  });

  describe('the other conditions', () => {
    it('ServiceMonitor: created, or skipped because the CRD is not served', () => {
      expect(conditionOf(computeAppStatus(anApp(), observed({ serviceMonitor: 'created' }), t0), 'ServiceMonitor')).toMatchObject({ status: 'True', reason: 'Created' });
      expect(conditionOf(computeAppStatus(anApp(), observed({ serviceMonitor: 'skipped-no-crd' }), t0), 'ServiceMonitor')).toMatchObject({
        status: 'False',
        reason: 'CRDNotInstalled',
      });
      expect(conditionOf(computeAppStatus(anApp(), observed(), t0), 'ServiceMonitor')).toBeUndefined();
    });

    it('PerformanceMetrics: always says where the figures come from', () => {
      expect(conditionOf(computeAppStatus(anApp(), observed(), t0), 'PerformanceMetrics')).toMatchObject({ status: 'False', reason: 'PrometheusNotConfigured' });
      const figures: PerformanceStatus = {
        performance: { currentRPS: 1500000, latencyP95: '5ms', lastUpdateTime: '2026-03-01T10:00:00Z' },
        networking: { activeConnections: 25000 },
        condition: { status: 'True', reason: 'MetricsObserved', message: 'figures from Prometheus' },
      };
      const status = computeAppStatus(anApp(), observed({ performance: figures }), t0);
      expect(status.performance).toEqual(figures.performance);
      expect(status.networking).toEqual(figures.networking);
    });

    it('ConfigOverridden: a kept hand edit, and whether it parses', () => {
      const kept: ConfigDecision = { outcome: 'hand-edit-kept', content: '... new config ...', renderedHash: 'h', handEdit: { parses: false, error: 'Invalid TOML document: incomplete key-value' } };
      const condition = conditionOf(computeAppStatus(anApp(), observed({ config: kept }), t0), 'ConfigOverridden');
      expect(condition).toMatchObject({ status: 'True', reason: 'HandEdited' });
      expect(condition?.message).toBe(
        "config.toml in ConfigMap default/my-cyclone-app-config was edited outside the CycloneApp and is kept, and reloaded by the pods without a restart; the CycloneApp's rendering replaces it when the CycloneApp's configuration changes; it does not parse as TOML (Invalid TOML document: incomplete key-value), so the app may refuse to reload it",
      );
      expect(conditionOf(computeAppStatus(anApp(), observed(), t0), 'ConfigOverridden')).toBeUndefined();
    });

    it('Paused: says so, and Progressing says nothing moves', () => {
      const status = computeAppStatus(anApp(), observed({ paused: true }), t0);
      expect(conditionOf(status, 'Paused')).toMatchObject({ status: 'True', reason: 'ReconciliationPaused' });
      expect(brief(status).progressing).toBe('False/ReconciliationPaused');
      expect(conditionOf(computeAppStatus(anApp(withStatus(status)), observed(), t1), 'Paused')).toBeUndefined();
    });

    it('Paused: a spec changed while paused is not claimed: status keeps the generation last reconciled', () => {
      const reconciled = computeAppStatus(anApp(), observed(), t0);
      const changed = anApp(withStatus(reconciled));
      changed.metadata.generation = 2;
      const status = computeAppStatus(changed, observed({ paused: true }), t1);
      expect(status.observedGeneration).toBe(1);
      expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'True', observedGeneration: 1 });
      expect(conditionOf(status, 'Paused')?.observedGeneration).toBe(1);
      expect(computeAppStatus(changed, observed(), t1).observedGeneration).toBe(2);
    });
  });

  describe('conditions over time', () => {
    it('stamps observedGeneration and keeps lastTransitionTime while the status stays', () => {
      const first = computeAppStatus(anApp(), observed(), t0);
      const second = computeAppStatus(anApp(withStatus(first)), observed(), t1);
      expect(second).toEqual(first);
      expect(conditionOf(second, 'Ready')).toMatchObject({ lastTransitionTime: '2026-03-01T10:00:00Z', observedGeneration: 1 });
    });

    it('moves lastTransitionTime when the status changes', () => {
      const first = computeAppStatus(anApp(), observed({ deployment: aDeployment(v200, 1), readiness: starting, release: { state: 'RollingOut', run: v200 } }), t0);
      const second = computeAppStatus(anApp(withStatus(first)), observed(), t1);
      expect(conditionOf(second, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: '2026-03-01T10:05:00Z' });
    });
  });

  it('produces a status the schema accepts', () => {
    const rollback = { failed: v210, restored: v200, time: '2026-03-01T10:00:00Z', message: 'rolled back' };
    const status = computeAppStatus(anApp(), observed({ release: { state: 'RolledBack', run: v200, lastKnownGood: v200, rollback }, serviceMonitor: 'created', paused: true }), t0);
    expect(validateResource(CycloneAppStatus, status)).toMatchObject({ ok: true });
  });
});
