import type { CycloneApp } from './cycloneapp.ts';
import { withDefaults } from './defaults.ts';

const bare: CycloneApp = { apiVersion: 'cyclone.dev/v1', kind: 'CycloneApp', metadata: { name: 'a', namespace: 'ns' }, spec: {} };

describe('withDefaults', () => {
  it('fills in every default the StoredCycloneAppSpec type promises', () => {
    expect(withDefaults(bare).spec).toEqual({
      version: 'latest',
      replicas: 3,
      targetRPS: 2000000,
      port: 3000,
      metricsPort: 9090,
      networking: { enableRDMA: true, enableDPDK: true, enableXDP: true, zeroCopy: false },
      tls: { enabled: false },
      circuitBreaker: { enabled: true, failureThreshold: 5, successThreshold: 2, timeoutSeconds: 60 },
      performance: { numaAware: false },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65534,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
      hostNetwork: false,
      progressDeadlineSeconds: 600,
      rollback: { automatic: false },
      observability: {
        metrics: { serviceMonitor: true, interval: '30s' },
        logging: { level: 'info', format: 'json' },
        tracing: { enabled: false, samplingRate: 0.1 },
      },
      networkPolicy: { enabled: false, ingressFrom: [{ namespaceSelector: { matchLabels: { name: 'ingress-nginx' } } }] },
    });
  });

  it('keeps what is set, replicas 0 included', () => {
    const app = withDefaults({ ...bare, spec: { replicas: 0, networking: { enableRDMA: false }, circuitBreaker: { failureThreshold: 10 } } });
    expect(app.spec.replicas).toBe(0);
    expect(app.spec.networking).toEqual({ enableRDMA: false, enableDPDK: true, enableXDP: true, zeroCopy: false });
    expect(app.spec.circuitBreaker).toEqual({ enabled: true, failureThreshold: 10, successThreshold: 2, timeoutSeconds: 60 });
  });

  // No block, no autoscaler (removing the block removes the HPA); a block, even empty, gets the
  // seed's table default enabled: true.
  it('leaves autoscaling out when the block is absent, and enables it when the block is there', () => {
    expect(withDefaults(bare).spec.autoscaling).toBeUndefined();
    expect(withDefaults({ ...bare, spec: { autoscaling: {} } }).spec.autoscaling).toEqual({ enabled: true, targetCPUUtilizationPercentage: 70 });
  });

  it('does not change its input', () => {
    const input = structuredClone(bare);
    withDefaults(input);
    expect(input).toEqual(bare);
  });
});
