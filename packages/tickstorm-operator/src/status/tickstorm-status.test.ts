import type { V1Service } from '@kubernetes/client-node';
import { findCondition } from '@operators/k8s-common';
import { aTickStorm, withGeneration, withSpec, withStatus } from '../../test/fixtures.ts';
import { effectiveRuntimeStatus, runtimeSettings } from '../runtime/runtime-settings.ts';
import { resourcePressure } from './resource-pressure.ts';
import { computeTickStormStatus, type ObservedTickStorm } from './tickstorm-status.ts';

const now = new Date('2026-03-01T12:00:00Z');
const later = new Date('2026-03-01T12:05:00Z');
const spec = aTickStorm().spec;
const ready = { current: true, ready: true, reason: 'Ready', message: 'Deployment is available' };
const lb = (ip?: string): V1Service => ({
  spec: { type: 'LoadBalancer', clusterIP: '10.96.0.10', ports: [{ name: 'tcp', port: 8080 }] },
  status: ip ? { loadBalancer: { ingress: [{ ip }] } } : {},
});

function observed(patch: Partial<ObservedTickStorm> = {}): ObservedTickStorm {
  return {
    deployment: ready,
    replicas: 3,
    readyReplicas: 3,
    clientService: lb('203.0.113.7'),
    missingSecrets: [],
    serviceMonitor: 'not-requested',
    certificate: 'not-requested',
    resourcePressure: resourcePressure({ pods: [], recorded: [], spec, now }),
    effectiveRuntime: effectiveRuntimeStatus(runtimeSettings(spec)),
    paused: false,
    ...patch,
  };
}

const statusOf = (patch: Partial<ObservedTickStorm> = {}, tickStorm = aTickStorm(withGeneration(4))) => computeTickStormStatus(tickStorm, observed(patch), now);
const conditionOf = (type: string, patch: Partial<ObservedTickStorm> = {}) => {
  const { status, reason, message } = findCondition(statusOf(patch).conditions, type) ?? {};
  return { status, reason, message };
};

describe('computeTickStormStatus', () => {
  it('is Ready with every pod ready, naming the endpoint', () => {
    const status = statusOf();
    expect(conditionOf('Ready')).toEqual({ status: 'True', reason: 'Ready', message: '3/3 pods ready; clients connect to 203.0.113.7:8080' });
    expect(conditionOf('Progressing')).toMatchObject({ status: 'False', reason: 'RolloutFinished' });
    expect(conditionOf('Degraded')).toMatchObject({ status: 'False', reason: 'Ready' });
    expect(status).toMatchObject({ replicas: 3, readyReplicas: 3, endpoint: '203.0.113.7:8080', observedGeneration: 4 });
  });

  it('stamps observedGeneration on every condition', () => {
    expect(statusOf().conditions.map((c) => [c.type, c.observedGeneration])).toEqual([
      ['Ready', 4],
      ['Progressing', 4],
      ['Degraded', 4],
      ['ResourcePressure', 4],
    ]);
  });

  it('shows the ClusterIP while the LoadBalancer is pending, and says so', () => {
    const status = statusOf({ clientService: lb() });
    expect(status.endpoint).toBe('10.96.0.10:8080');
    expect(conditionOf('Ready', { clientService: lb() }).message).toBe('3/3 pods ready; the LoadBalancer of tick-storm-service has no address yet (in the cluster: 10.96.0.10:8080)');
  });

  it('gives the scale subresource its selector', () => {
    expect(statusOf().selector).toBe('app.kubernetes.io/component=server,app.kubernetes.io/instance=tick-storm,app.kubernetes.io/name=tick-storm');
  });

  it('is Pending before the Deployment exists', () => {
    const patch = { deployment: undefined, replicas: 0, readyReplicas: 0 };
    expect(conditionOf('Ready', patch)).toMatchObject({ status: 'False', reason: 'Pending' });
    expect(conditionOf('Progressing', patch)).toMatchObject({ status: 'True', reason: 'Creating' });
  });

  it("is rolling out while the Deployment is not current, with the readiness helper's words", () => {
    const patch = { deployment: { current: false, ready: false, reason: 'RollingOut', message: '1 of 3 pods updated' }, readyReplicas: 2 };
    expect(conditionOf('Ready', patch)).toEqual({ status: 'False', reason: 'RollingOut', message: '1 of 3 pods updated' });
    expect(conditionOf('Progressing', patch)).toEqual({ status: 'True', reason: 'RollingOut', message: '1 of 3 pods updated (2/3 pods ready)' });
    expect(conditionOf('Degraded', patch).status).toBe('False');
  });

  it('is Degraded when the rollout is done but pods are not ready, saying why', () => {
    const patch = { deployment: { current: true, ready: false, reason: 'PodsUnschedulable', message: "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules" }, readyReplicas: 1 };
    expect(conditionOf('Ready', patch)).toMatchObject({ status: 'False', reason: 'PodsUnschedulable' });
    expect(conditionOf('Degraded', patch)).toEqual({ status: 'True', reason: 'PodsUnschedulable', message: "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules (1/3 pods ready)" });
  });

  it('fails on an invalid spec, then on missing Secrets, before looking at the Deployment', () => {
    expect(conditionOf('Ready', { specError: 'bad', missingSecrets: ['x'] })).toEqual({ status: 'False', reason: 'InvalidSpec', message: 'bad' });
    expect(conditionOf('Ready', { missingSecrets: ['my-tls', 'my-ca'] })).toEqual({
      status: 'False',
      reason: 'SecretNotFound',
      message: 'Secret my-tls, my-ca not found in namespace tick-storm: create it, or remove it from the spec',
    });
    expect(conditionOf('Degraded', { missingSecrets: ['my-tls'] })).toMatchObject({ status: 'True', reason: 'SecretNotFound' });
  });

  it('is not Ready when tls.certificate needs cert-manager and its CRD is not served', () => {
    expect(conditionOf('Ready', { certificate: 'skipped-no-crd' })).toMatchObject({ status: 'False', reason: 'CertManagerNotInstalled' });
    expect(conditionOf('Certificate', { certificate: 'skipped-no-crd' })).toMatchObject({ status: 'False', reason: 'CRDNotInstalled' });
  });

  describe('with a cert-manager Certificate', () => {
    const tls = aTickStorm(withGeneration(4), withSpec({ tls: { certificate: { issuerRef: { name: 'ca-issuer' } } } }));
    const tlsCondition = (type: string, patch: Partial<ObservedTickStorm>) => {
      const { status, reason, message } = findCondition(computeTickStormStatus(tls, observed(patch), now).conditions, type) ?? {};
      return { status, reason, message };
    };

    it('is progressing, not Ready, while cert-manager has not written the Secret, quoting cert-manager', () => {
      const waiting = { certificate: 'awaiting-secret', deployment: undefined, certificateIssuance: { reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist' } } as const;
      const message = 'waiting for cert-manager to write the Secret tick-storm-tls of Certificate tick-storm-tls (Issuer ca-issuer); cert-manager says: DoesNotExist: Issuing certificate as Secret does not exist';
      expect(tlsCondition('Ready', waiting)).toEqual({ status: 'False', reason: 'CertificatePending', message });
      expect(tlsCondition('Progressing', waiting)).toEqual({ status: 'True', reason: 'IssuingCertificate', message });
      expect(tlsCondition('Degraded', waiting)).toMatchObject({ status: 'False', reason: 'CertificatePending' });
      expect(tlsCondition('Certificate', waiting)).toEqual({ status: 'False', reason: 'Issuing', message });
    });

    it('says so when cert-manager has not reported yet', () => {
      expect(tlsCondition('Certificate', { certificate: 'awaiting-secret' }).message).toMatch(/\(Issuer ca-issuer\); cert-manager has not reported on it yet$/);
    });

    it('says when cert-manager reports the Certificate not ready after its Secret exists, and stays Ready', () => {
      const failing = { certificate: 'applied', certificateIssuance: { status: 'False', reason: 'Failed', message: 'issuer ca-issuer not found' } } as const;
      expect(tlsCondition('Certificate', failing)).toEqual({
        status: 'False',
        reason: 'CertificateNotReady',
        message: 'cert-manager reports Certificate tick-storm-tls not ready: Failed: issuer ca-issuer not found; the pods keep serving the certificate in Secret tick-storm-tls',
      });
      expect(tlsCondition('Ready', failing).status).toBe('True');
      expect(tlsCondition('Certificate', { certificate: 'applied', certificateIssuance: { status: 'True', reason: 'Ready' } }).reason).toBe('Issued');
    });

    it('is Issued once the Secret exists, and Ready with the pods', () => {
      expect(tlsCondition('Certificate', { certificate: 'applied' })).toMatchObject({ status: 'True', reason: 'Issued' });
      expect(tlsCondition('Ready', { certificate: 'applied' }).status).toBe('True');
    });
  });

  it('says whether the ServiceMonitor was applied or skipped, and drops the condition when not asked', () => {
    expect(conditionOf('ServiceMonitor', { serviceMonitor: 'applied' })).toMatchObject({ status: 'True', reason: 'Applied' });
    expect(conditionOf('ServiceMonitor', { serviceMonitor: 'skipped-no-crd' })).toMatchObject({ status: 'False', reason: 'CRDNotInstalled' });
    expect(conditionOf('Ready', { serviceMonitor: 'skipped-no-crd' }).status).toBe('True');
    const before = aTickStorm(withStatus({ conditions: statusOf({ serviceMonitor: 'applied' }).conditions }));
    expect(findCondition(computeTickStormStatus(before, observed(), now).conditions, 'ServiceMonitor')).toBeUndefined();
  });

  it('carries ResourcePressure and its record', () => {
    const pressure = resourcePressure({
      pods: [],
      recorded: [{ pod: 'a', container: 'tick-storm', reason: 'OOMKilled', resource: 'memory', finishedAt: '2026-03-01T11:58:00Z' }],
      spec,
      now,
    });
    const status = statusOf({ resourcePressure: pressure });
    expect(findCondition(status.conditions, 'ResourcePressure')).toMatchObject({ status: 'True', reason: 'OOMKilled' });
    expect(status.resourceTerminations).toHaveLength(1);
    expect(conditionOf('Ready', { resourcePressure: pressure }).status).toBe('True');
  });

  it('says when reconciliation is paused', () => {
    expect(conditionOf('Paused', { paused: true })).toMatchObject({ status: 'True', reason: 'ReconciliationPaused' });
    expect(conditionOf('Progressing', { paused: true, deployment: { ...ready, current: false } })).toMatchObject({ status: 'False', reason: 'ReconciliationPaused' });
    const before = aTickStorm(withStatus({ conditions: statusOf({ paused: true }).conditions }));
    expect(findCondition(computeTickStormStatus(before, observed(), now).conditions, 'Paused')).toBeUndefined();
  });

  it('shows the effective runtime as given', () => {
    expect(statusOf().effectiveRuntime.gomemlimit).toEqual({ value: '1433MiB', source: 'Derived', from: '70% of limits.memory 2Gi, rounded down to MiB' });
  });

  it('keeps lastTransitionTime while a status holds, so an unchanged observation writes nothing', () => {
    const first = statusOf();
    const again = computeTickStormStatus(aTickStorm(withGeneration(4), withStatus(first)), observed(), later);
    expect(again).toEqual(first);
  });

  it('moves lastTransitionTime when a status changes', () => {
    const first = statusOf();
    const degraded = computeTickStormStatus(
      aTickStorm(withGeneration(4), withStatus(first)),
      observed({ deployment: { current: true, ready: false, reason: 'PodsNotReady', message: 'x' } }),
      later,
    );
    expect(findCondition(degraded.conditions, 'Ready')?.lastTransitionTime).toBe('2026-03-01T12:05:00Z');
    expect(findCondition(degraded.conditions, 'ResourcePressure')?.lastTransitionTime).toBe('2026-03-01T12:00:00Z');
  });
});
