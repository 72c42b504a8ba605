import { aCluster, exampleCluster } from '../../test/fixtures.ts';
import { desiredNatsStatefulSet } from './nats-statefulset.ts';
import { containerNamed } from './pods.ts';

const facts = { configHash: 'abc123' };
const identity = { 'app.kubernetes.io/name': 'tapio-nats', 'app.kubernetes.io/instance': 'dev', 'app.kubernetes.io/component': 'nats' };

describe('desiredNatsStatefulSet', () => {
  const single = desiredNatsStatefulSet(aCluster(), facts);
  const ha = desiredNatsStatefulSet(exampleCluster('production-ha'), facts);

  it('is <cluster>-nats with one server per replica and a volume each', () => {
    expect(single.metadata?.name).toBe('dev-nats');
    expect(single.spec?.replicas).toBe(1);
    expect(ha.spec?.replicas).toBe(3);
    expect(single.spec?.serviceName).toBe('dev-nats-headless');
    expect(single.spec?.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data', labels: identity }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    ]);
    expect(ha.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests).toEqual({ storage: '10Gi' });
  });

  it('selects by identity labels, keeps its volumes, and starts the servers together', () => {
    expect(single.spec?.selector).toEqual({ matchLabels: identity });
    expect(single.spec?.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(single.spec?.podManagementPolicy).toBe('Parallel');
    expect(single.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TapioCluster', name: 'dev' });
  });

  it('rolls the servers when nats.conf changes', () => {
    expect(single.spec?.template.metadata?.annotations).toEqual({ 'tapio.io/config-hash': 'abc123' });
  });

  it('runs the server with its config, user and probes, as the restricted standard wants', () => {
    const nats = containerNamed(single.spec?.template.spec?.containers, 'nats');
    expect(nats.image).toBe('nats:2.10.24-alpine');
    expect(nats.args).toEqual(['--config', '/etc/nats/nats.conf']);
    expect(nats.ports?.map((port) => [port.name, port.containerPort])).toEqual([
      ['client', 4222],
      ['cluster', 6222],
      ['monitor', 8222],
    ]);
    expect(nats.env?.map((env) => env.name)).toEqual(['POD_NAME', 'NATS_USER_A', 'NATS_PASSWORD_A']);
    expect(nats.env?.[1]?.valueFrom?.secretKeyRef).toEqual({ name: 'dev-nats-credentials', key: 'a-username' });
    const rotating = desiredNatsStatefulSet(aCluster(), { ...facts, slots: ['b', 'a'] }).spec?.template.spec?.containers[0];
    expect(rotating?.env?.map((env) => env.name)).toEqual(['POD_NAME', 'NATS_USER_B', 'NATS_PASSWORD_B', 'NATS_USER_A', 'NATS_PASSWORD_A']);
    expect(nats.readinessProbe?.httpGet).toEqual({ path: '/healthz?js-enabled-only=true', port: 'monitor' });
    expect(nats.lifecycle?.preStop?.exec?.command).toEqual(['nats-server', '-sl=ldm=/var/run/nats/nats.pid']);
    expect(nats.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(single.spec?.template.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('spreads the servers of a highly available platform over nodes (required) and zones (best effort)', () => {
    const pod = ha.spec?.template.spec;
    expect(pod?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: { ...identity, 'app.kubernetes.io/instance': 'production' } }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    expect(pod?.topologySpreadConstraints?.[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' });
    expect(single.spec?.template.spec?.affinity).toBeUndefined();
  });

  it('sizes the server down when lightweight', () => {
    const edge = desiredNatsStatefulSet(exampleCluster('edge'), facts);
    expect(containerNamed(edge.spec?.template.spec?.containers, 'nats').resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } });
  });

  it('matches the snapshot for production-ha', () => {
    expect(ha).toMatchSnapshot();
  });
});
