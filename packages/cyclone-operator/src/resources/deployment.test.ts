import type { V1Container, V1Deployment } from '@kubernetes/client-node';
import { anApp, exampleApp, withAutoscaling, withoutAutoscaling, withReplicas, withSpec, withTls } from '../../test/fixtures.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { renderAppConfig } from './app-config.ts';
import { desiredDeployment, releaseOf, RESTART_HASH_ANNOTATION, VERSION_ANNOTATION } from './deployment.ts';
import { desiredRelease } from './release.ts';
import { desiredService } from './service.ts';

const identity = {
  'app.kubernetes.io/name': 'cyclone-web',
  'app.kubernetes.io/instance': 'my-cyclone-app',
  'app.kubernetes.io/component': 'web',
};

/** What the reconciler does without a rollback in force: spec's release, the rendered restart hash. */
function deploymentOf(app: StoredCycloneApp): V1Deployment {
  return desiredDeployment(app, { release: desiredRelease(app), restartHash: renderAppConfig(app).restartHash });
}

function containerOf(deployment: V1Deployment): V1Container {
  const [container] = deployment.spec?.template.spec?.containers ?? [];
  if (!container) throw new Error('no container');
  return container;
}

describe('desiredDeployment', () => {
  describe('identity', () => {
    const deployment = deploymentOf(anApp());

    it('is named after the app, as `kubectl rollout status deployment/<app>` expects', () => {
      expect(deployment.apiVersion).toBe('apps/v1');
      expect(deployment.kind).toBe('Deployment');
      expect(deployment.metadata?.name).toBe('my-cyclone-app');
      expect(deployment.metadata?.namespace).toBe('default');
    });

    it('selects by name, instance and component only; pods also carry app=<name> for the seed', () => {
      expect(deployment.spec?.selector).toEqual({ matchLabels: identity });
      expect(deployment.spec?.template.metadata?.labels).toEqual({
        ...identity,
        app: 'my-cyclone-app',
        'app.kubernetes.io/part-of': 'cyclone',
        'app.kubernetes.io/managed-by': 'cyclone-operator',
        'app.kubernetes.io/version': '2.0.0',
      });
    });

    it('is owned by the app', () => {
      expect(deployment.metadata?.ownerReferences).toEqual([
        expect.objectContaining({ apiVersion: 'cyclone.dev/v1', kind: 'CycloneApp', name: 'my-cyclone-app', controller: true }),
      ]);
    });
  });

  describe('replicas and rollout', () => {
    it('leaves the replica count to the autoscaler when autoscaling is on', () => {
      expect(deploymentOf(anApp(withAutoscaling)).spec).not.toHaveProperty('replicas');
    });

    it('sets the replicas of the spec without autoscaling, and 0 always', () => {
      expect(deploymentOf(anApp(withReplicas(5))).spec?.replicas).toBe(5);
      expect(deploymentOf(anApp(withoutAutoscaling, withReplicas(5))).spec?.replicas).toBe(5);
      expect(deploymentOf(anApp(withReplicas(0))).spec?.replicas).toBe(0);
    });

    it('rolls with zero downtime: no pod leaves before its replacement is ready', () => {
      expect(deploymentOf(anApp()).spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } });
    });

    it('gives the rollout the progress deadline of the spec and keeps history for rollout undo', () => {
      expect(deploymentOf(anApp()).spec?.progressDeadlineSeconds).toBe(600);
      expect(deploymentOf(anApp(withSpec({ progressDeadlineSeconds: 120 }))).spec?.progressDeadlineSeconds).toBe(120);
      expect(deploymentOf(anApp()).spec?.revisionHistoryLimit).toBe(10);
    });

    it('runs the release it is given, which may be the last known-good one', () => {
      const rolledBack = desiredDeployment(anApp(withSpec({ version: '2.1.0' })), { release: { version: '2.0.0', image: 'cyclone/cyclone-web:v2.0.0' }, restartHash: 'h' });
      expect(containerOf(rolledBack).image).toBe('cyclone/cyclone-web:v2.0.0');
      expect(rolledBack.spec?.template.metadata?.annotations?.[VERSION_ANNOTATION]).toBe('2.0.0');
      expect(releaseOf(rolledBack)).toEqual({ version: '2.0.0', image: 'cyclone/cyclone-web:v2.0.0' });
      expect(releaseOf(undefined)).toBeUndefined();
    });

    it('labels the pods with a sanitised version', () => {
      const deployment = desiredDeployment(anApp(), { release: { version: 'v2.1.0_rc.1-', image: 'x' }, restartHash: 'h' });
      expect(deployment.spec?.template.metadata?.labels?.['app.kubernetes.io/version']).toBe('v2.1.0_rc.1');
    });
  });

  describe('what restarts the pods and what does not', () => {
    const template = (app: StoredCycloneApp) => deploymentOf(app).spec?.template;

    it('carries the restart hash of the startup tables', () => {
      expect(template(anApp())?.metadata?.annotations?.[RESTART_HASH_ANNOTATION]).toBe(renderAppConfig(anApp()).restartHash);
    });

    it.each<[string, StoredCycloneApp]>([
      ['the image', anApp(withSpec({ version: '2.1.0' }))],
      ['the resources', anApp(withSpec({ resources: { limits: { cpu: '2' } } }))],
      ['zero-copy networking', anApp(withSpec({ networking: { zeroCopy: true } }))],
      ['an acceleration flag', anApp(withSpec({ networking: { enableXDP: false } }))],
    ])('changing %s changes the pod template, which rolls the Deployment', (_name, app) => {
      expect(template(app)).not.toEqual(template(anApp()));
    });

    it.each<[string, StoredCycloneApp]>([
      ['the circuit breaker', anApp(withSpec({ circuitBreaker: { failureThreshold: 50 } }))],
      ['the RPS target', anApp(withSpec({ targetRPS: 3 }))],
      ['the connection limit', anApp(withSpec({ maxConnections: 7 }))],
      ['the replica count', anApp(withReplicas(9))],
      ["the application's settings", anApp(withSpec({ config: { cache: { size_mb: 64 } } }))],
    ])('changing %s leaves the pod template alone (hot reload)', (_name, app) => {
      expect(template(app)).toEqual(template(anApp()));
    });
  });

  describe('the container', () => {
    it('exposes the app port and the metrics port the Service targets', () => {
      const app = anApp();
      const container = containerOf(deploymentOf(app));
      expect(container.ports).toEqual([
        { name: 'http', containerPort: 3000, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
      ]);
      const names = container.ports?.map((port) => port.name);
      for (const port of desiredService(app).spec?.ports ?? []) expect(names).toContain(port.targetPort);
    });

    it('names the app port https with TLS, and mounts the certificate Secret', () => {
      const deployment = deploymentOf(anApp(withTls));
      expect(containerOf(deployment).ports?.[0]?.name).toBe('https');
      expect(deployment.spec?.template.spec?.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'my-tls-secret', defaultMode: 0o440 } });
      expect(containerOf(deployment).volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/cyclone/tls', readOnly: true });
    });

    it('mounts config.toml as a directory, never with subPath, so updates reach running pods', () => {
      const deployment = deploymentOf(anApp());
      expect(deployment.spec?.template.spec?.volumes).toContainEqual({ name: 'config', configMap: { name: 'my-cyclone-app-config' } });
      expect(containerOf(deployment).volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/cyclone', readOnly: true });
      expect(containerOf(deployment).volumeMounts?.every((mount) => mount.subPath === undefined)).toBe(true);
      expect(containerOf(deployment).env).toContainEqual({ name: 'CYCLONE_CONFIG', value: '/etc/cyclone/config.toml' });
    });

    it('is probed on the metrics port', () => {
      const container = containerOf(deploymentOf(anApp(withTls)));
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'metrics', scheme: 'HTTP' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'metrics', scheme: 'HTTP' });
      expect(container.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'metrics', scheme: 'HTTP' });
    });

    it('gets the resources scheduling derived, and none when unset', () => {
      expect(containerOf(deploymentOf(exampleApp('high-performance-api'))).resources?.requests).toEqual({ cpu: '4', memory: '4Gi', 'hugepages-2Mi': '2Gi' });
      expect(containerOf(deploymentOf(anApp())).resources).toBeUndefined();
    });

    it('runs the image pull policy of the spec only when set', () => {
      expect(containerOf(deploymentOf(anApp()))).not.toHaveProperty('imagePullPolicy');
      expect(containerOf(deploymentOf(anApp(withSpec({ imagePullPolicy: 'Always' })))).imagePullPolicy).toBe('Always');
    });
  });

  describe('security', () => {
    it('runs restricted by default: non-root 65534, no escalation, no capabilities, RuntimeDefault, read-only root', () => {
      const deployment = deploymentOf(anApp());
      expect(deployment.spec?.template.spec?.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 65534,
        runAsGroup: 65534,
        fsGroup: 65534,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(containerOf(deployment).securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(containerOf(deployment).volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    });

    it('is what the seed\'s secure-app asks for', () => {
      const deployment = deploymentOf(exampleApp('secure-app'));
      expect(deployment.spec?.template.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } });
      expect(containerOf(deployment).securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    });

    it('adds capabilities the spec asks for (e.g. IPC_LOCK for RDMA)', () => {
      const app = anApp(withSpec({ securityContext: { capabilities: { add: ['IPC_LOCK'] }, runAsGroup: 1000, fsGroup: 2000 } }));
      expect(containerOf(deploymentOf(app)).securityContext?.capabilities).toEqual({ add: ['IPC_LOCK'], drop: ['ALL'] });
      expect(deploymentOf(app).spec?.template.spec?.securityContext).toMatchObject({ runAsGroup: 1000, fsGroup: 2000 });
    });

    it('has no API token and no service-link variables', () => {
      const podSpec = deploymentOf(anApp()).spec?.template.spec;
      expect(podSpec?.automountServiceAccountToken).toBe(false);
      expect(podSpec?.enableServiceLinks).toBe(false);
    });
  });

  describe('scheduling', () => {
    it('runs on the host network with cluster DNS when asked', () => {
      const podSpec = deploymentOf(anApp(withSpec({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }))).spec?.template.spec;
      expect(podSpec?.hostNetwork).toBe(true);
      expect(podSpec?.dnsPolicy).toBe('ClusterFirstWithHostNet');
      expect(deploymentOf(anApp()).spec?.template.spec).not.toHaveProperty('hostNetwork');
    });

    it('mounts the hugepages volume of the seed\'s memory optimization', () => {
      const deployment = deploymentOf(exampleApp('high-performance-api'));
      expect(deployment.spec?.template.spec?.volumes).toContainEqual({ name: 'hugepages-0', emptyDir: { medium: 'HugePages-2Mi' } });
      expect(containerOf(deployment).volumeMounts).toContainEqual({ name: 'hugepages-0', mountPath: '/dev/hugepages', mountPropagation: 'HostToContainer' });
    });

    it('requires capable nodes and tolerates the high-performance taint', () => {
      const podSpec = deploymentOf(anApp()).spec?.template.spec;
      expect(podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchExpressions?.map((e) => e.key)).toEqual([
        'cyclone.dev/rdma-capable',
        'cyclone.dev/dpdk-capable',
        'cyclone.dev/xdp-capable',
      ]);
      expect(podSpec?.tolerations).toEqual([{ key: 'cyclone.dev/high-performance', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    });

    it('adds pod annotations and labels of the spec, but keeps its own', () => {
      const app = anApp(withSpec({ podAnnotations: { 'example.com/a': '1', [RESTART_HASH_ANNOTATION]: 'forged' }, podLabels: { team: 'edge', app: 'hijack' } }));
      const { metadata } = deploymentOf(app).spec?.template ?? {};
      expect(metadata?.annotations).toMatchObject({ 'example.com/a': '1', [RESTART_HASH_ANNOTATION]: renderAppConfig(app).restartHash });
      expect(metadata?.labels).toMatchObject({ team: 'edge', app: 'my-cyclone-app' });
    });
  });

  it('matches the snapshot', () => {
    expect(deploymentOf(exampleApp('high-performance-api'))).toMatchSnapshot();
  });
});
