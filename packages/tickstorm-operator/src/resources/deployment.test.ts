import type { V1Container, V1Deployment } from '@kubernetes/client-node';
import { aTickStorm, exampleTickStorm, withAutoscaling, withLimits, withNamespaceGuard, withReplicas, withSpec } from '../../test/fixtures.ts';
import { runtimeEnv, runtimeSettings } from '../runtime/runtime-settings.ts';
import { desiredDeployment, serverEnv } from './deployment.ts';

const facts = { configHash: 'abc123' };
const deploymentOf = (...options: Parameters<typeof aTickStorm>) => desiredDeployment(aTickStorm(...options), facts);
const containerOf = (deployment: V1Deployment): V1Container => deployment.spec!.template.spec!.containers[0]!;
const envOf = (deployment: V1Deployment) => Object.fromEntries((containerOf(deployment).env ?? []).map((env) => [env.name, env.value ?? env.valueFrom]));
const selector = {
  'app.kubernetes.io/name': 'tick-storm',
  'app.kubernetes.io/instance': 'tick-storm',
  'app.kubernetes.io/component': 'server',
};

describe('desiredDeployment', () => {
  it('is <name>, selecting the pods by name, instance and component', () => {
    const deployment = deploymentOf();
    expect(deployment.metadata?.name).toBe('tick-storm');
    expect(deployment.spec?.selector).toEqual({ matchLabels: selector });
    expect(deployment.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TickStorm', controller: true });
  });

  it('sets replicas without autoscaling, and leaves them to the HPA with it', () => {
    expect(deploymentOf(withReplicas(5)).spec?.replicas).toBe(5);
    expect(deploymentOf(withReplicas(5), withAutoscaling()).spec).not.toHaveProperty('replicas');
  });

  it('marks replicas as handed to the HPA only while autoscaling is on', () => {
    expect(deploymentOf(withAutoscaling()).metadata?.annotations).toEqual({ 'tickstorm.io/replicas-from': 'autoscaler' });
    expect(deploymentOf().metadata).not.toHaveProperty('annotations');
  });

  it("rolls the seed's way (one extra pod, none unavailable) when the quota has room", () => {
    expect(deploymentOf().spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(deploymentOf(withAutoscaling({ maxReplicas: 9 }), withNamespaceGuard()).spec?.strategy?.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });

  it("rolls without a surge pod when the quota is full at maxReplicas (the seed's 10 pods of 10)", () => {
    expect(deploymentOf(withAutoscaling(), withNamespaceGuard()).spec?.strategy?.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('labels the pods with the standard labels, the seed\'s app label and podLabels, the operator\'s winning', () => {
    const labels = deploymentOf(withSpec({ podLabels: { team: 'md', 'app.kubernetes.io/name': 'mine' } })).spec?.template.metadata?.labels;
    expect(labels).toEqual({ ...selector, 'app.kubernetes.io/part-of': 'tick-storm', 'app.kubernetes.io/managed-by': 'tickstorm-operator', app: 'tick-storm', team: 'md' });
  });

  it('stamps the config hash and the scrape annotations on the pod template', () => {
    const annotations = deploymentOf(withSpec({ podAnnotations: { note: 'x' }, metrics: { port: 9191 } })).spec?.template.metadata?.annotations;
    expect(annotations).toEqual({
      note: 'x',
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9191',
      'prometheus.io/path': '/metrics',
      'tickstorm.io/config-hash': 'abc123',
    });
  });

  it('runs the image with the resources of the spec, as strings', () => {
    const container = containerOf(deploymentOf(withSpec({ image: { repository: 'registry.example/tickstorm', tag: 'v1.2.0', pullPolicy: 'Always' } })));
    expect(container.name).toBe('tick-storm');
    expect(container.image).toBe('registry.example/tickstorm:v1.2.0');
    expect(container.imagePullPolicy).toBe('Always');
    expect(container.resources).toEqual({
      requests: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '500Mi' },
      limits: { cpu: '2000m', memory: '2Gi', 'ephemeral-storage': '1Gi' },
    });
  });

  it('pins a digest with @', () => {
    expect(containerOf(deploymentOf(withSpec({ image: { tag: 'sha256:0123' } }))).image).toBe('tickstorm@sha256:0123');
  });

  it('publishes the client and metrics ports by name', () => {
    expect(containerOf(deploymentOf(withSpec({ service: { port: 9000 }, metrics: { port: 9100 } }))).ports).toEqual([
      { name: 'tcp', containerPort: 9000, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9100, protocol: 'TCP' },
    ]);
  });

  it("has the seed's probes, exec /tick-storm -health-check with its timings", () => {
    const container = containerOf(deploymentOf());
    const exec = { exec: { command: ['/tick-storm', '-health-check'] } };
    expect(container.startupProbe).toEqual({ ...exec, initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30, successThreshold: 1 });
    expect(container.readinessProbe).toEqual({ ...exec, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1 });
    expect(container.livenessProbe).toEqual({ ...exec, initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 });
  });

  it('probes the client port over TCP when asked', () => {
    const container = containerOf(deploymentOf(withSpec({ probes: { readiness: { type: 'TCPSocket' } } })));
    expect(container.readinessProbe).toMatchObject({ tcpSocket: { port: 'tcp' } });
    expect(container.readinessProbe).not.toHaveProperty('exec');
    expect(container.livenessProbe).toHaveProperty('exec');
  });

  it('runs restricted: the seed\'s user and read-only root filesystem, no privilege escalation, no capabilities, seccomp', () => {
    const deployment = deploymentOf();
    expect(deployment.spec?.template.spec?.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(containerOf(deployment).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('lets spec.securityContext replace a default field by field', () => {
    const deployment = deploymentOf(withSpec({ securityContext: { pod: { runAsUser: 1000, fsGroup: 1000 }, container: { readOnlyRootFilesystem: false } } }));
    expect(deployment.spec?.template.spec?.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 1000, runAsGroup: 65532, runAsNonRoot: true });
    expect(containerOf(deployment).securityContext).toMatchObject({ readOnlyRootFilesystem: false, allowPrivilegeEscalation: false });
  });

  it("mounts the seed's writable /tmp and /var/run, and nothing else without TLS", () => {
    const deployment = deploymentOf();
    expect(containerOf(deployment).volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'var-run', mountPath: '/var/run' },
    ]);
    expect(deployment.spec?.template.spec?.volumes).toEqual([
      { name: 'tmp', emptyDir: {} },
      { name: 'var-run', emptyDir: {} },
    ]);
  });

  it('mounts the TLS Secret at /certs and the client CA at /client-ca, readable by the server group', () => {
    const deployment = deploymentOf(withSpec({ tls: { secretName: 'my-tls', clientAuth: 'require_verify', clientCASecretName: 'my-ca' } }));
    expect(containerOf(deployment).volumeMounts?.slice(2)).toEqual([
      { name: 'tls-certs', mountPath: '/certs', readOnly: true },
      { name: 'client-ca', mountPath: '/client-ca', readOnly: true },
    ]);
    expect(deployment.spec?.template.spec?.volumes?.slice(2)).toEqual([
      { name: 'tls-certs', secret: { secretName: 'my-tls', defaultMode: 0o440 } },
      { name: 'client-ca', secret: { secretName: 'my-ca', defaultMode: 0o444 } },
    ]);
  });

  it("mounts the Certificate's Secret with tls.certificate", () => {
    const deployment = deploymentOf(withSpec({ tls: { certificate: { issuerRef: { name: 'ca' } } } }));
    expect(deployment.spec?.template.spec?.volumes?.[2]).toEqual({ name: 'tls-certs', secret: { secretName: 'tick-storm-tls', defaultMode: 0o440 } });
  });

  it("runs as the ServiceAccount <name> on linux nodes, without service links, with the seed's grace period", () => {
    const pod = deploymentOf(withSpec({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'tick-storm', effect: 'NoSchedule' }] })).spec?.template.spec;
    expect(pod?.serviceAccountName).toBe('tick-storm');
    expect(pod?.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod?.enableServiceLinks).toBe(false);
    expect(pod?.terminationGracePeriodSeconds).toBe(30);
    expect(pod?.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'tick-storm', effect: 'NoSchedule' }]);
  });

  it("prefers one pod per node, as the seed's Deployment does", () => {
    const pod = deploymentOf().spec?.template.spec;
    expect(pod?.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' } }],
      },
    });
    expect(pod).not.toHaveProperty('topologySpreadConstraints');
  });

  it("requires one pod per zone with zoneSpread AntiAffinity (the seed's high availability section)", () => {
    const affinity = deploymentOf(withSpec({ highAvailability: { zoneSpread: 'AntiAffinity' } })).spec?.template.spec?.affinity;
    expect(affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: selector }, topologyKey: 'topology.kubernetes.io/zone' },
    ]);
  });

  it('spreads evenly over zones with zoneSpread TopologySpread', () => {
    const pod = deploymentOf(withSpec({ highAvailability: { zoneSpread: 'TopologySpread', maxSkew: 2, whenUnsatisfiable: 'ScheduleAnyway' } })).spec?.template.spec;
    expect(pod?.topologySpreadConstraints).toEqual([
      {
        maxSkew: 2,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: selector },
        matchLabelKeys: ['pod-template-hash'],
      },
    ]);
    expect(pod?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredDeployment(exampleTickStorm('seed-defaults'), facts)).toMatchSnapshot();
  });

  it('matches the snapshot for production', () => {
    expect(desiredDeployment(exampleTickStorm('production'), facts)).toMatchSnapshot();
  });
});

describe('serverEnv', () => {
  it("is the seed's variables: listen address, credentials, then the runtime settings derived from the limits", () => {
    const tickStorm = aTickStorm();
    expect(serverEnv(tickStorm)).toEqual([
      { name: 'LISTEN_PORT', value: '8080' },
      { name: 'LISTEN_ADDR', value: '0.0.0.0:8080' },
      { name: 'AUTH_USERNAME', valueFrom: { secretKeyRef: { name: 'tick-storm-auth', key: 'username' } } },
      { name: 'AUTH_PASSWORD', valueFrom: { secretKeyRef: { name: 'tick-storm-auth', key: 'password' } } },
      ...runtimeEnv(runtimeSettings(tickStorm.spec)),
    ]);
  });

  it('maps each config key, sorted, to its variable from the ConfigMap, as the seed maps ip-allowlist', () => {
    const env = serverEnv(aTickStorm(withSpec({ config: { 'log-level': 'info', 'ip-allowlist': '10.0.0.0/8' } })));
    expect(env.slice(2, 4)).toEqual([
      { name: 'IP_ALLOWLIST', valueFrom: { configMapKeyRef: { name: 'tick-storm-config', key: 'ip-allowlist' } } },
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'tick-storm-config', key: 'log-level' } } },
    ]);
  });

  it("reads the credentials from the user's Secret and keys", () => {
    const env = serverEnv(aTickStorm(withSpec({ auth: { secretName: 'creds', usernameKey: 'user', passwordKey: 'pass' } })));
    expect(env.filter((e) => e.name.startsWith('AUTH_'))).toEqual([
      { name: 'AUTH_USERNAME', valueFrom: { secretKeyRef: { name: 'creds', key: 'user' } } },
      { name: 'AUTH_PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'pass' } } },
    ]);
  });

  it('turns TLS on with the mounted files', () => {
    const env = serverEnv(aTickStorm(withSpec({ tls: { secretName: 'tls', clientAuth: 'require_verify', clientCASecretName: 'ca' } })));
    expect(env.filter((e) => e.name.startsWith('TLS_'))).toEqual([
      { name: 'TLS_ENABLED', value: 'true' },
      { name: 'TLS_CERT_FILE', value: '/certs/tls.crt' },
      { name: 'TLS_KEY_FILE', value: '/certs/tls.key' },
      { name: 'TLS_CLIENT_AUTH', value: 'require_verify' },
      { name: 'TLS_CLIENT_CA_FILE', value: '/client-ca/ca.crt' },
    ]);
  });
});

describe('a change of resources.limits', () => {
  it('changes resources and the derived runtime together, in the one pod template, and nothing else', () => {
    const before = deploymentOf();
    const after = deploymentOf(withLimits({ cpu: '4', memory: '4Gi' }));
    expect(containerOf(after).resources?.limits).toMatchObject({ cpu: '4', memory: '4Gi' });
    expect(envOf(after)).toMatchObject({ GOMAXPROCS: '4', GOMEMLIMIT: '2867MiB', ULIMIT_MAX_MEMORY_SIZE: String(3 * 2 ** 30) });
    const withoutContainer = (deployment: V1Deployment) => ({ ...deployment, spec: { ...deployment.spec, template: { ...deployment.spec?.template, spec: { ...deployment.spec?.template.spec, containers: [] } } } });
    expect(withoutContainer(after)).toEqual(withoutContainer(before));
  });
});
