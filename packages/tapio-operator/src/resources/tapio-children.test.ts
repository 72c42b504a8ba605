import { aCluster, exampleCluster, withAnnotations, withClusterSpec } from '../../test/fixtures.ts';
import type { TapioCluster } from '../api/v1alpha1/tapiocluster.ts';
import { validateTapioCollector, validateTapioIntelligence } from '../api/v1alpha1/validation.ts';
import { desiredTapioCollectors, desiredTapioIntelligence } from './tapio-children.ts';

describe('desiredTapioCollectors', () => {
  it('makes one TapioCollector per enabled collector, named <cluster>-<type>', () => {
    expect(desiredTapioCollectors(exampleCluster('production-ha')).map((c) => [c.metadata.name, c.spec.type])).toEqual([
      ['production-kubernetes', 'kubernetes'],
      ['production-ebpf', 'ebpf'],
      ['production-systemd', 'systemd'],
      ['production-cni', 'cni'],
    ]);
    expect(desiredTapioCollectors(exampleCluster('edge')).map((c) => c.spec.type)).toEqual(['kubernetes']);
  });

  it('owns them, labels them with the platform, and points them at its NATS', () => {
    const [collector] = desiredTapioCollectors(exampleCluster('minimal-development'));
    expect(collector?.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'TapioCluster', name: 'dev', controller: true })]);
    expect(collector?.metadata.labels).toMatchObject({ 'tapio.io/cluster': 'dev', 'app.kubernetes.io/component': 'kubernetes-collector' });
    expect(collector?.spec).toMatchObject({
      natsUrl: 'nats://dev-nats.tapio.svc:4222',
      natsCredentialsSecretName: 'dev-nats-credentials',
      version: 'v0.1.0',
      lightweight: false,
      networkPolicies: true,
    });
  });

  it('passes the placement to node collectors only, and the etcd access to the etcd collector only', () => {
    const cluster = aCluster(
      withClusterSpec({
        collectors: { all: true, etcd: true },
        collectorOptions: { nodeSelector: { pool: 'observed' }, tolerations: [{ key: 'gpu', operator: 'Exists' }], etcd: { secretName: 'etcd-client' } },
      }),
    );
    const byType = Object.fromEntries(desiredTapioCollectors(cluster).map((c) => [c.spec.type, c.spec]));
    expect(byType.ebpf).toMatchObject({ nodeSelector: { pool: 'observed' }, tolerations: [{ key: 'gpu', operator: 'Exists' }] });
    expect(byType.ebpf?.etcd).toBeUndefined();
    expect(byType.kubernetes?.nodeSelector).toBeUndefined();
    expect(byType.etcd).toMatchObject({ etcd: { secretName: 'etcd-client' } });
  });

  it('passes on the pause and force-reconcile annotations, and no other', () => {
    const cluster = aCluster(withAnnotations<TapioCluster>({ 'tapio.io/pause-reconciliation': 'true', 'tapio.io/force-reconcile': '17', other: 'x' }));
    expect(desiredTapioCollectors(cluster)[0]?.metadata.annotations).toEqual({ 'tapio.io/pause-reconciliation': 'true', 'tapio.io/force-reconcile': '17' });
  });

  it('names the NATS user their pods connect as, when the reconciler read it', () => {
    expect(desiredTapioCollectors(aCluster(), { natsUser: 'tapio-abc123' })[0]?.metadata.annotations).toEqual({ 'tapio.io/nats-user': 'tapio-abc123' });
    expect(desiredTapioIntelligence(aCluster(), { natsUser: 'tapio-abc123' }).metadata.annotations).toEqual({ 'tapio.io/nats-user': 'tapio-abc123' });
    expect(desiredTapioCollectors(aCluster())[0]?.metadata.annotations).toBeUndefined();
  });

  it.each(['minimal-development', 'production-ha', 'edge', 'installation'] as const)('builds valid TapioCollectors for %s', (name) => {
    for (const collector of desiredTapioCollectors(exampleCluster(name))) {
      const result = validateTapioCollector(collector);
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('matches the snapshot for production-ha', () => {
    expect(desiredTapioCollectors(exampleCluster('production-ha'))).toMatchSnapshot();
  });
});

describe('desiredTapioIntelligence', () => {
  it('is named after the cluster and carries what the profile decided', () => {
    const intelligence = desiredTapioIntelligence(exampleCluster('production-ha'));
    expect(intelligence.metadata.name).toBe('production');
    expect(intelligence.metadata.labels).toMatchObject({ 'tapio.io/cluster': 'production', 'app.kubernetes.io/component': 'intelligence' });
    expect(intelligence.spec).toMatchObject({
      highAvailability: true,
      embedded: false,
      neo4j: { replicas: 3, storage: '500Gi', backup: { enabled: true, schedule: '0 2 * * *' } },
      correlation: { replicas: 2 },
      resources: { requests: { memory: '16Gi', cpu: '4' }, limits: { memory: '32Gi', cpu: '8' } },
      natsUrl: 'nats://production-nats.tapio.svc:4222',
    });
  });

  it('leaves Neo4j unsized with the embedded graph database', () => {
    const { spec } = desiredTapioIntelligence(exampleCluster('edge'));
    expect(spec.embedded).toBe(true);
    expect(spec.neo4j?.replicas).toBeUndefined();
    expect(spec.neo4j?.storage).toBeUndefined();
    expect(spec.resources).toBeUndefined();
  });

  it('passes on the on-demand backup annotation', () => {
    const cluster = aCluster(withAnnotations<TapioCluster>({ 'tapio.io/backup-now': '1700000000' }));
    expect(desiredTapioIntelligence(cluster).metadata.annotations).toEqual({ 'tapio.io/backup-now': '1700000000' });
    expect(desiredTapioIntelligence(aCluster()).metadata.annotations).toBeUndefined();
  });

  it.each(['minimal-development', 'production-ha', 'edge', 'installation'] as const)('builds a valid TapioIntelligence for %s', (name) => {
    const result = validateTapioIntelligence(desiredTapioIntelligence(exampleCluster(name)));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('matches the snapshot for installation', () => {
    expect(desiredTapioIntelligence(exampleCluster('installation'))).toMatchSnapshot();
  });
});
