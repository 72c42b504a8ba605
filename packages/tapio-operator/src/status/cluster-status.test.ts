import { findCondition } from '@operators/k8s-common';
import { exampleCluster } from '../../test/fixtures.ts';
import { computeClusterStatus, type ObservedCluster } from './cluster-status.ts';

const now = new Date('2025-01-01T00:00:00Z');
const ready = { current: true, ready: true, reason: 'AllComponentsReady', message: 'ok' };
const observed = (patch: Partial<ObservedCluster> = {}): ObservedCluster => ({
  collectors: [{ kind: 'TapioCollector', type: 'kubernetes', name: 'dev-kubernetes', verdict: ready }],
  intelligence: { kind: 'TapioIntelligence', name: 'dev', verdict: ready },
  nats: { name: 'dev-nats', verdict: ready, replicas: 1, readyReplicas: 1 },
  gateway: { name: 'dev-gateway', verdict: ready, replicas: 1, readyReplicas: 1, canary: { stableTemplate: 'desired', canaryReplicas: 0 } },
  serviceMonitor: 'not-requested',
  podSecurity: 'applied',
  paused: false,
  ...patch,
});

describe('computeClusterStatus', () => {
  it('is Ready when NATS, the gateway and every child resource are, and lists them', () => {
    const status = computeClusterStatus(exampleCluster('minimal-development'), observed(), now);
    expect(findCondition(status.conditions, 'Ready')).toMatchObject({ status: 'True', message: '4 component(s) current and ready' });
    expect(status).toMatchObject({
      collectors: [{ type: 'kubernetes', name: 'dev-kubernetes', ready: true }],
      intelligence: { name: 'dev', ready: true },
      nats: { replicas: 1, readyReplicas: 1 },
      gateway: { replicas: 1, readyReplicas: 1, url: 'http://dev-gateway.tapio.svc:8080' },
    });
    expect(findCondition(status.conditions, 'PodSecurity')).toMatchObject({ status: 'True' });
  });

  it('is not Ready while a child resource is not, naming it and passing on its reason', () => {
    const intelligence = { kind: 'TapioIntelligence' as const, name: 'dev', verdict: { current: true, ready: false, reason: 'Restoring', message: 'restoring b' } };
    const status = computeClusterStatus(exampleCluster('minimal-development'), observed({ intelligence }), now);
    expect(findCondition(status.conditions, 'Ready')).toMatchObject({ status: 'False', reason: 'Restoring', message: 'TapioIntelligence dev: restoring b' });
    expect(status.intelligence).toEqual({ name: 'dev', ready: false });
  });

  it('says when it may not label the namespace', () => {
    const status = computeClusterStatus(exampleCluster('minimal-development'), observed({ podSecurity: 'forbidden' }), now);
    expect(findCondition(status.conditions, 'PodSecurity')).toMatchObject({ status: 'False', reason: 'Forbidden' });
  });

  it('follows the gateway canary', () => {
    const canary = { phase: 'RolledBack' as const, revision: 'r', step: 0, stepStartedAt: '2025-01-01T00:00:00Z', reason: 'CanaryNotReady', message: 'timed out' };
    const status = computeClusterStatus(exampleCluster('minimal-development'), observed({ gateway: { ...observed().gateway, canary: { stableTemplate: 'running', canaryReplicas: 0, status: canary } } }), now);
    expect(findCondition(status.conditions, 'Degraded')).toMatchObject({ status: 'True', reason: 'CanaryRolledBack', message: 'gateway: timed out' });
    expect(status.gateway?.canary).toEqual(canary);
  });
});
