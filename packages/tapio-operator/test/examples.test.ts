import { readdirSync } from 'node:fs';
import { enabledCollectorTypes } from '../src/api/v1alpha1/collectors.ts';
import { validateTapioCluster } from '../src/api/v1alpha1/validation.ts';
import { CLUSTER_EXAMPLES, EXAMPLE_FILES, exampleCluster, readExample } from './fixtures.ts';

describe('examples/', () => {
  it('holds exactly the README examples: three setups, the installation cluster and the operator ConfigMap', () => {
    const files = readdirSync(new URL('../examples/', import.meta.url)).sort();
    expect(files).toEqual(EXAMPLE_FILES.map((name) => `${name}.yaml`).sort());
  });

  it.each(CLUSTER_EXAMPLES)('%s validates as written, after the profile defaults', (name) => {
    const result = validateTapioCluster(readExample(name));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('minimal-development is dev: single replicas, the kubernetes collector only, no backups', () => {
    const { metadata, spec } = exampleCluster('minimal-development');
    expect(metadata.name).toBe('dev');
    expect(spec.highAvailability).toBe(false);
    expect(enabledCollectorTypes(spec.collectors)).toEqual(['kubernetes']);
    expect(spec.intelligence.neo4j.replicas).toBe(1);
    expect(spec.intelligence.neo4j.backup.enabled).toBe(false);
  });

  it('production-ha keeps what it sets (3 servers of 500Gi, a 02:00 backup, 16Gi/32Gi) and runs every collector but etcd', () => {
    const { spec } = exampleCluster('production-ha');
    expect(spec.highAvailability).toBe(true);
    expect(enabledCollectorTypes(spec.collectors)).toEqual(['kubernetes', 'ebpf', 'systemd', 'cni']);
    expect(spec.intelligence.neo4j).toMatchObject({ replicas: 3, storage: '500Gi', backup: { enabled: true, schedule: '0 2 * * *' } });
    expect(spec.resources).toEqual({ requests: { memory: '16Gi', cpu: '4' }, limits: { memory: '32Gi', cpu: '8' } });
  });

  it('edge is lightweight, embedded, without eBPF, its bare booleans accepted', () => {
    const { spec } = exampleCluster('edge');
    expect(spec.collectors).toEqual({ kubernetes: true, ebpf: false });
    expect(spec.lightweight).toBe(true);
    expect(spec.intelligence.embedded).toBe(true);
    expect(enabledCollectorTypes(spec.collectors)).toEqual(['kubernetes']);
  });

  it('installation runs in tapio-system with the collectors, replicas and monitoring it names', () => {
    const { metadata, spec } = exampleCluster('installation');
    expect(metadata.namespace).toBe('tapio-system');
    expect(spec.version).toBe('v0.1.0');
    expect(enabledCollectorTypes(spec.collectors)).toEqual(['kubernetes', 'ebpf', 'systemd']);
    expect(spec.intelligence.neo4j).toMatchObject({ replicas: 3, storage: '100Gi' });
    expect(spec.intelligence.correlation.replicas).toBe(2);
    expect(spec.monitoring).toEqual({ prometheus: { enabled: true }, grafana: { enabled: true } });
  });

  it.each(['minimal-development', 'production-ha', 'edge'] as const)('%s applies in whatever namespace the user is in', (name) => {
    expect((readExample(name) as { metadata: Record<string, unknown> }).metadata.namespace).toBeUndefined();
  });
});
