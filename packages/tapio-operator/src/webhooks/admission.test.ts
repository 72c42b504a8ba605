import { readExample } from '../../test/fixtures.ts';
import type { TapioCluster } from '../api/v1alpha1/tapiocluster.ts';
import { admitTapioCluster, admitTapioCollector, defaultTapioCluster } from './admission.ts';

const cluster = (spec: Record<string, unknown>): TapioCluster => ({ apiVersion: 'tapio.io/v1alpha1', kind: 'TapioCluster', metadata: { name: 'c', namespace: 'tapio' }, spec }) as TapioCluster;

describe('defaultTapioCluster', () => {
  it('writes the production profile into the spec: high availability, three Neo4j servers, scheduled backups', () => {
    const { spec } = defaultTapioCluster(cluster({ profile: 'production' }));
    expect(spec).toMatchObject({ highAvailability: true, intelligence: { embedded: false, neo4j: { replicas: 3, backup: { enabled: true } } }, nats: { replicas: 3 } });
  });

  it('keeps what the user set, and changes nothing a second time', () => {
    const once = defaultTapioCluster(readExample('edge') as TapioCluster);
    expect(once.spec).toMatchObject({ lightweight: true, intelligence: { embedded: true }, collectors: { kubernetes: true, ebpf: false } });
    expect(defaultTapioCluster(once)).toEqual(once);
  });
});

describe('admitTapioCluster', () => {
  it('allows every seed example', () => {
    for (const name of ['minimal-development', 'production-ha', 'edge', 'installation'] as const) {
      expect(admitTapioCluster(defaultTapioCluster({ ...(readExample(name) as TapioCluster), metadata: { name: 'c', namespace: 'tapio' } }))).toEqual({ allowed: true });
    }
  });

  it('rejects an even Neo4j cluster and eBPF on edge, naming each field in one message', () => {
    const decision = admitTapioCluster(defaultTapioCluster(cluster({ profile: 'edge', collectors: { ebpf: true }, intelligence: { embedded: false, neo4j: { replicas: 2 } } })));
    expect(decision).toMatchObject({ allowed: false, code: 422 });
    expect(decision.message).toContain('spec.intelligence.neo4j');
    expect(decision.message).toContain('spec.collectors.ebpf');
  });
});

describe('admitTapioCollector', () => {
  it('rejects the etcd collector without certificates', () => {
    const decision = admitTapioCollector({ apiVersion: 'tapio.io/v1alpha1', kind: 'TapioCollector', metadata: { name: 'x', namespace: 'tapio' }, spec: { type: 'etcd', natsUrl: 'nats://n:4222' } });
    expect(decision).toMatchObject({ allowed: false });
    expect(decision.message).toContain('etcd');
  });
});
