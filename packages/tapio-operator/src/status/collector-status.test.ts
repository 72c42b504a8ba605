import { findCondition } from '@operators/k8s-common';
import { aCollector } from '../../test/fixtures.ts';
import { computeCollectorStatus, type ObservedCollector } from './collector-status.ts';

const now = new Date('2025-01-01T00:00:00Z');
const observed = (patch: Partial<ObservedCollector> = {}): ObservedCollector => ({
  workload: { kind: 'DaemonSet', name: 'tapio-ebpf', verdict: { current: true, ready: true, reason: 'Ready', message: '3/3 ready' }, desiredPods: 3, readyPods: 3 },
  verticalAutoscaler: 'applied',
  serviceMonitor: 'not-requested',
  paused: false,
  ...patch,
});

describe('computeCollectorStatus', () => {
  it('reports the workload and its pods, Ready when the workload is', () => {
    const status = computeCollectorStatus(aCollector('ebpf'), observed(), now);
    expect(status).toMatchObject({ observedGeneration: 1, workload: { kind: 'DaemonSet', name: 'tapio-ebpf' }, desiredPods: 3, readyPods: 3 });
    expect(findCondition(status.conditions, 'Ready')).toMatchObject({ status: 'True', observedGeneration: 1 });
    expect(findCondition(status.conditions, 'VerticalPodAutoscaler')).toMatchObject({ status: 'True', reason: 'Applied' });
  });

  it('says when the VPA CRDs are missing, and nothing when no VPA is asked for', () => {
    expect(findCondition(computeCollectorStatus(aCollector('ebpf'), observed({ verticalAutoscaler: 'skipped-no-crd' }), now).conditions, 'VerticalPodAutoscaler')).toMatchObject({
      status: 'False',
      reason: 'CRDNotInstalled',
    });
    expect(findCondition(computeCollectorStatus(aCollector('ebpf'), observed({ verticalAutoscaler: 'not-requested' }), now).conditions, 'VerticalPodAutoscaler')).toBeUndefined();
  });

  it('says whether the Kubernetes API collector\'s ClusterRole could be applied, and nothing for other collectors', () => {
    const forbidden = computeCollectorStatus(aCollector('kubernetes'), observed({ clusterRbac: 'forbidden' }), now);
    expect(findCondition(forbidden.conditions, 'ClusterRoleBound')).toMatchObject({ status: 'False', reason: 'Forbidden' });
    expect(findCondition(computeCollectorStatus(aCollector('kubernetes'), observed({ clusterRbac: 'applied' }), now).conditions, 'ClusterRoleBound')).toMatchObject({ status: 'True' });
    expect(findCondition(computeCollectorStatus(aCollector('ebpf'), observed(), now).conditions, 'ClusterRoleBound')).toBeUndefined();
  });

  it('is not Ready, naming the Secret, when the etcd certificates are missing', () => {
    const status = computeCollectorStatus(aCollector('etcd'), observed({ missingSecrets: ['etcd-client'] }), now);
    expect(findCondition(status.conditions, 'Ready')).toMatchObject({ status: 'False', reason: 'SecretNotFound', message: 'Secret(s) etcd-client not found' });
  });

  it('carries the pods\' reason when the DaemonSet is not ready', () => {
    const verdict = { current: true, ready: false, reason: 'PodsNotReady', message: '1/3 ready: 2 pods Pending (Unschedulable: node(s) had untolerated taint)' };
    const status = computeCollectorStatus(aCollector('ebpf'), observed({ workload: { ...observed().workload, verdict, readyPods: 1 } }), now);
    expect(findCondition(status.conditions, 'Ready')?.message).toBe(`DaemonSet tapio-ebpf: ${verdict.message}`);
    expect(findCondition(status.conditions, 'Degraded')?.status).toBe('True');
  });
});
