import { bareTickStorm } from '../../../test/fixtures.ts';
import { withDefaults } from './defaults.ts';

const probe = (initialDelaySeconds: number, periodSeconds: number, timeoutSeconds: number, failureThreshold: number) => ({
  type: 'Exec',
  command: ['/tick-storm', '-health-check'],
  initialDelaySeconds,
  periodSeconds,
  timeoutSeconds,
  failureThreshold,
});

describe('withDefaults', () => {
  it("fills in every default the DefaultedTickStormSpec type promises: the seed's values", () => {
    expect(withDefaults(bareTickStorm()).spec).toEqual({
      replicas: 3,
      image: { repository: 'tickstorm', tag: 'latest', pullPolicy: 'IfNotPresent' },
      resources: {
        requests: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '500Mi' },
        limits: { cpu: '2000m', memory: '2Gi', 'ephemeral-storage': '1Gi' },
      },
      runtime: { gogc: 100 },
      ulimits: { maxOpenFiles: 65536, maxCpuTime: 7200, maxStackSize: '8Mi', maxCoreSize: 0 },
      auth: { usernameKey: 'username', passwordKey: 'password', username: 'admin', deleteGeneratedSecretOnDelete: false },
      service: { type: 'LoadBalancer', port: 8080 },
      metrics: { port: 9090, serviceMonitor: { enabled: false, interval: '30s', path: '/metrics' } },
      disruption: { enabled: true, minAvailable: 1 },
      highAvailability: { zoneSpread: 'None', topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' },
      probes: { startup: probe(5, 5, 3, 30), readiness: probe(10, 10, 3, 3), liveness: probe(30, 30, 5, 3) },
      securityContext: {},
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      terminationGracePeriodSeconds: 30,
    });
  });

  it("fills autoscaling with the seed's HPA, including its behavior", () => {
    const { autoscaling } = withDefaults({ ...bareTickStorm(), spec: { autoscaling: {} } }).spec;
    expect(autoscaling).toEqual({
      minReplicas: 2,
      maxReplicas: 10,
      targetCPUUtilizationPercentage: 70,
      targetMemoryUtilizationPercentage: 80,
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }, { type: 'Pods', value: 4, periodSeconds: 60 }] },
        scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }, { type: 'Pods', value: 2, periodSeconds: 60 }] },
      },
    });
  });

  it("fills namespaceGuard with the seed's ResourceQuota and LimitRange", () => {
    const { namespaceGuard } = withDefaults({ ...bareTickStorm(), spec: { namespaceGuard: {} } }).spec;
    expect(namespaceGuard?.resourceQuota.hard).toEqual({
      'requests.cpu': '10',
      'requests.memory': '20Gi',
      'limits.cpu': '20',
      'limits.memory': '40Gi',
      pods: '10',
      persistentvolumeclaims: '5',
      services: '5',
      secrets: '10',
      configmaps: '10',
    });
    expect(namespaceGuard?.limitRange.limits.map((item) => [item.type, item.max, item.default])).toEqual([
      ['Container', { cpu: '4000m', memory: '4Gi', 'ephemeral-storage': '2Gi' }, { cpu: '2000m', memory: '2Gi', 'ephemeral-storage': '1Gi' }],
      // The seed's Pod item without its default and defaultRequest, which the API server rejects.
      ['Pod', { cpu: '8000m', memory: '8Gi', 'ephemeral-storage': '4Gi' }, undefined],
    ]);
  });

  it("fills networkPolicy with the seed's: metrics from the monitoring namespace, no egress", () => {
    const { networkPolicy } = withDefaults({ ...bareTickStorm(), spec: { networkPolicy: {} } }).spec;
    expect(networkPolicy).toEqual({ metricsFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], egress: [] });
  });

  it('leaves the optional features off', () => {
    const { spec } = withDefaults(bareTickStorm());
    expect([spec.tls, spec.autoscaling, spec.networkPolicy, spec.namespaceGuard, spec.config]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('keeps what is set, replicas 0 included, and fills the rest of a section', () => {
    const { spec } = withDefaults({ ...bareTickStorm(), spec: { replicas: 0, resources: { limits: { memory: '4Gi' } } } });
    expect(spec.replicas).toBe(0);
    expect(spec.resources.limits).toEqual({ cpu: '2000m', memory: '4Gi', 'ephemeral-storage': '1Gi' });
  });

  it('does not change its input', () => {
    const input = bareTickStorm();
    const copy = structuredClone(input);
    withDefaults(input);
    expect(input).toEqual(copy);
  });
});
