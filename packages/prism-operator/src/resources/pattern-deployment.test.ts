import type { V1Deployment } from '@kubernetes/client-node';
import { aBackend, aPattern, examplePattern, withAutoscaling, withPatternSpec } from '../../test/fixtures.ts';
import { desiredPatternDeployment } from './pattern-deployment.ts';

const kafkaType = { kind: 'type', type: 'kafka' } as const;
const podSpec = (deployment: V1Deployment) => deployment.spec!.template.spec!;
const runner = (deployment: V1Deployment) => podSpec(deployment).containers[0]!;

describe('desiredPatternDeployment', () => {
  const deployment = desiredPatternDeployment(examplePattern('prismpattern_production_example'), { backend: kafkaType });

  it('is named after the pattern, as `kubectl get deployment <name>` expects', () => {
    expect(deployment.metadata?.name).toBe('consumer-production');
    expect(deployment.metadata?.namespace).toBe('prism-test');
    expect(deployment.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismPattern', name: 'consumer-production', controller: true, blockOwnerDeletion: true })]);
  });

  it('selects its pods by name, instance and component only', () => {
    expect(deployment.spec?.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'prism',
      'app.kubernetes.io/instance': 'consumer-production',
      'app.kubernetes.io/component': 'pattern-runner',
    });
  });

  it('labels the pods prism.io/pattern, prism.io/pattern-instance and app=prism, as the seed\'s commands select them', () => {
    expect(deployment.spec?.template.metadata?.labels).toMatchObject({
      'prism.io/pattern': 'consumer',
      'prism.io/pattern-instance': 'consumer-production',
      app: 'prism',
      'app.kubernetes.io/part-of': 'prism',
      'app.kubernetes.io/managed-by': 'prism-operator',
    });
  });

  it('places the pods as the seed\'s production example asks', () => {
    expect(podSpec(deployment).nodeSelector).toEqual({ workload: 'data-intensive' });
    expect(podSpec(deployment).affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: { 'prism.io/pattern': 'consumer' } }, topologyKey: 'kubernetes.io/hostname' },
    ]);
  });

  it('copies tolerations, topology spread constraints and the priority class', () => {
    const placed = desiredPatternDeployment(
      aPattern(
        withPatternSpec({
          placement: {
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'prism', effect: 'NoSchedule' }],
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
            priorityClassName: 'prism-high',
          },
        }),
      ),
      { backend: kafkaType },
    );
    expect(podSpec(placed)).toMatchObject({
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'prism', effect: 'NoSchedule' }],
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      priorityClassName: 'prism-high',
    });
    expect(podSpec(deployment).tolerations).toBeUndefined();
  });

  it('runs the default image of the pattern when spec.image is unset, with the requested resources', () => {
    expect(runner(deployment).image).toBe('ghcr.io/prism/consumer-runner:latest');
    expect(runner(deployment).resources).toEqual({ requests: { cpu: '2000m', memory: '4Gi' }, limits: { cpu: '8000m', memory: '16Gi' } });
    expect(runner(desiredPatternDeployment(examplePattern('prismpattern_hpa_example'), { backend: kafkaType })).image).toBe('ghcr.io/prism/producer-runner:latest');
  });

  it('serves /health on port 8080 named http, as the seed\'s wget reaches it', () => {
    expect(runner(deployment).ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(runner(deployment).readinessProbe?.httpGet).toEqual({ path: '/health', port: 'http', scheme: 'HTTP' });
    expect(runner(deployment).livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http', scheme: 'HTTP' });
  });

  it('follows the restricted Pod Security Standard, with /tmp writable', () => {
    expect(podSpec(deployment).securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(runner(deployment).securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(runner(deployment).volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(podSpec(deployment).automountServiceAccountToken).toBe(false);
  });

  it('rolls without taking a ready runner away first', () => {
    expect(deployment.spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } });
  });

  describe('replicas', () => {
    it('are spec.replicas without autoscaling', () => {
      expect(desiredPatternDeployment(aPattern(withPatternSpec({ replicas: 4 })), { backend: kafkaType, liveReplicas: 9 }).spec?.replicas).toBe(4);
    });

    it('start at spec.replicas within the bounds when autoscaled, then stay what the autoscaler made them', () => {
      const pattern = aPattern(withPatternSpec({ replicas: 1 }), withAutoscaling({ minReplicas: 2, maxReplicas: 20, targetCPUUtilizationPercentage: 75 }));
      expect(desiredPatternDeployment(pattern, { backend: kafkaType }).spec?.replicas).toBe(2);
      expect(desiredPatternDeployment(pattern, { backend: kafkaType, liveReplicas: 13 }).spec?.replicas).toBe(13);
    });
  });

  describe('environment', () => {
    const envNames = (d: V1Deployment) => runner(d).env?.map((v) => v.name);

    it('tells the runner its pattern, name, port and backend', () => {
      expect(runner(deployment).env).toEqual(
        expect.arrayContaining([
          { name: 'PRISM_PATTERN', value: 'consumer' },
          { name: 'PRISM_PATTERN_NAME', value: 'consumer-production' },
          { name: 'PRISM_PORT', value: '8080' },
          { name: 'PRISM_BACKEND_TYPE', value: 'kafka' },
        ]),
      );
    });

    it('adds the connection of a PrismBackend and mounts its TLS files', () => {
      const backend = aBackend('cache', { type: 'redis', endpoints: ['redis:6379'], credentials: { secretName: 'redis-auth' }, tls: { enabled: true, caSecretName: 'redis-ca' } });
      const withBackend = desiredPatternDeployment(aPattern(withPatternSpec({ backend: 'cache' })), { backend: { kind: 'resource', backend } });
      expect(runner(withBackend).env).toEqual(
        expect.arrayContaining([
          { name: 'PRISM_BACKEND_ENDPOINTS', value: 'redis:6379' },
          { name: 'PRISM_BACKEND_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'password' } } },
        ]),
      );
      expect(podSpec(withBackend).volumes?.map((v) => v.name)).toEqual(['tmp', 'backend-ca']);
    });

    it('lets spec.env add variables and replace the operator\'s', () => {
      const custom = desiredPatternDeployment(aPattern(withPatternSpec({ env: [{ name: 'PRISM_PORT', value: '9000' }, { name: 'LOG_LEVEL', value: 'debug' }] })), { backend: kafkaType });
      expect(runner(custom).env).toEqual(expect.arrayContaining([{ name: 'PRISM_PORT', value: '9000' }, { name: 'LOG_LEVEL', value: 'debug' }]));
      expect(new Set(envNames(custom)).size).toBe(envNames(custom)?.length);
    });
  });

  describe('config', () => {
    it('mounts <pattern>-config and stamps its hash, so a change rolls the runners', () => {
      const configured = desiredPatternDeployment(aPattern(withPatternSpec({ config: { kafkaTopic: 'orders' } })), { backend: kafkaType });
      expect(podSpec(configured).volumes).toContainEqual({ name: 'config', configMap: { name: 'orders-config' } });
      expect(runner(configured).volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/prism/config', readOnly: true });
      expect(runner(configured).env).toContainEqual({ name: 'PRISM_CONFIG_DIR', value: '/etc/prism/config' });
      const hash = configured.spec?.template.metadata?.annotations?.['prism.io/config-hash'];
      expect(hash).toMatch(/^[0-9a-f]{16}$/);
      const changed = desiredPatternDeployment(aPattern(withPatternSpec({ config: { kafkaTopic: 'payments' } })), { backend: kafkaType });
      expect(changed.spec?.template.metadata?.annotations?.['prism.io/config-hash']).not.toBe(hash);
    });

    it('has no config volume and no annotations without a config', () => {
      expect(podSpec(deployment).volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
      expect(deployment.spec?.template.metadata?.annotations).toBeUndefined();
    });
  });

  it('stamps the credentials version, so rotated credentials roll the runners', () => {
    const rotated = desiredPatternDeployment(aPattern(), { backend: kafkaType, credentialsVersion: '4711' });
    expect(rotated.spec?.template.metadata?.annotations).toEqual({ 'prism.io/credentials-version': '4711' });
  });

  it('matches the snapshot for the production example', () => {
    expect(deployment).toMatchSnapshot();
  });
});
