import { aCluster, CLUSTER_EXAMPLES, exampleCluster, withClusterSpec } from '../../../test/fixtures.ts';
import { enabledCollectorTypes } from './collectors.ts';
import { withClusterDefaults } from './defaults.ts';
import type { Profile } from './group.ts';
import { applyProfileDefaults } from './profile.ts';
import type { TapioClusterSpec } from './tapiocluster.ts';

/** A cluster with exactly `spec` (the minimal example's spec replaced), profiled. */
const profiled = (spec: TapioClusterSpec) => aCluster((cluster) => ({ ...cluster, spec })).spec;

/** What each profile decides for a spec that sets nothing but the profile. */
const expectations: Record<Profile, object> = {
  development: {
    highAvailability: false,
    lightweight: false,
    collectors: { kubernetes: true },
    intelligence: {
      embedded: false,
      neo4j: { replicas: 1, storage: '5Gi', backup: { enabled: false } },
      correlation: { replicas: 1 },
    },
    nats: { replicas: 1, storage: '1Gi' },
    gateway: { replicas: 1 },
  },
  production: {
    highAvailability: true,
    lightweight: false,
    collectors: { all: true },
    intelligence: {
      embedded: false,
      neo4j: { replicas: 3, storage: '100Gi', backup: { enabled: true, schedule: '0 2 * * *' } },
      correlation: { replicas: 2 },
    },
    nats: { replicas: 3, storage: '10Gi' },
    gateway: { replicas: 2 },
  },
  edge: {
    highAvailability: false,
    lightweight: true,
    collectors: { kubernetes: true, ebpf: false },
    intelligence: { embedded: true, neo4j: { backup: { enabled: false } }, correlation: { replicas: 1 } },
    nats: { replicas: 1, storage: '1Gi' },
    gateway: { replicas: 1 },
  },
};

describe('applyProfileDefaults', () => {
  describe.each(Object.entries(expectations))('profile %s, nothing else set', (profile, expected) => {
    const spec = profiled({ profile: profile as Profile });

    it('fills in what the profile decides', () => {
      expect(spec).toMatchObject(expected);
    });

    it('keeps the schema defaults beside them', () => {
      expect(spec.intelligence.neo4j.backup.retention).toBe(7);
      expect(spec.gateway.rateLimit).toEqual({ requestsPerSecond: 100, burst: 200 });
    });
  });

  it('production is the default profile', () => {
    expect(profiled({})).toEqual(profiled({ profile: 'production' }));
  });

  it('leaves Neo4j unsized with the embedded graph database, so no size is frozen for a database that does not run', () => {
    const { neo4j } = profiled({ profile: 'edge' }).intelligence;
    expect(neo4j.replicas).toBeUndefined();
    expect(neo4j.storage).toBeUndefined();
  });

  describe('replicas follow highAvailability, not the profile name', () => {
    it('development with highAvailability gets quorum sizes', () => {
      expect(profiled({ profile: 'development', highAvailability: true })).toMatchObject({
        intelligence: { neo4j: { replicas: 3, storage: '5Gi' }, correlation: { replicas: 2 } },
        nats: { replicas: 3, storage: '1Gi' },
        gateway: { replicas: 2 },
      });
    });

    it('production without highAvailability gets single replicas, and still its volume sizes and backups', () => {
      expect(profiled({ profile: 'production', highAvailability: false })).toMatchObject({
        intelligence: { neo4j: { replicas: 1, storage: '100Gi', backup: { enabled: true } }, correlation: { replicas: 1 } },
        nats: { replicas: 1, storage: '10Gi' },
        gateway: { replicas: 1 },
      });
    });

    it('the embedded graph database keeps the correlation service at one pod, even in production', () => {
      const { intelligence } = profiled({ profile: 'production', intelligence: { embedded: true } });
      expect(intelligence.correlation.replicas).toBe(1);
      expect(intelligence.neo4j.backup.enabled).toBe(false);
    });
  });

  describe('keeps what the user set', () => {
    it('replicas, sizes, lightweight and embedded', () => {
      const spec = profiled({
        profile: 'edge',
        lightweight: false,
        intelligence: { embedded: false, neo4j: { replicas: 5, storage: '7Gi' }, correlation: { replicas: 1 } },
        nats: { replicas: 2, storage: '3Gi' },
        gateway: { replicas: 4 },
      });
      expect(spec).toMatchObject({
        lightweight: false,
        intelligence: { embedded: false, neo4j: { replicas: 5, storage: '7Gi' }, correlation: { replicas: 1 } },
        nats: { replicas: 2, storage: '3Gi' },
        gateway: { replicas: 4 },
      });
    });

    it('a backup turned off in production stays off, without a schedule', () => {
      const { backup } = profiled({ profile: 'production', intelligence: { neo4j: { backup: { enabled: false } } } }).intelligence.neo4j;
      expect(backup).toEqual({ enabled: false, retention: 7 });
    });

    it("a backup the user turned on gets no schedule from the profile, so that the validation names what's missing", () => {
      const { backup } = profiled({ profile: 'production', intelligence: { neo4j: { backup: { enabled: true } } } }).intelligence.neo4j;
      expect(backup).toEqual({ enabled: true, retention: 7 });
    });

    it("a schedule the user wrote is kept when the profile turns the backup on", () => {
      const { backup } = profiled({ profile: 'production', intelligence: { neo4j: { backup: { schedule: '@hourly' } } } }).intelligence.neo4j;
      expect(backup).toEqual({ enabled: true, schedule: '@hourly', retention: 7 });
    });

    it('a backup on in development', () => {
      const { backup } = profiled({ profile: 'development', intelligence: { neo4j: { backup: { enabled: true, schedule: '0 3 * * *' } } } }).intelligence.neo4j;
      expect(backup).toEqual({ enabled: true, schedule: '0 3 * * *', retention: 7 });
    });
  });

  describe('collectors', () => {
    it.each([
      ['development', { systemd: true }, { systemd: true }],
      ['production', { kubernetes: { enabled: true } }, { kubernetes: { enabled: true } }],
      ['production', { all: true, cni: false }, { all: true, cni: false }],
      ['edge', { kubernetes: true, ebpf: false }, { kubernetes: true, ebpf: false }],
    ] as const)('%s keeps the collectors the user chose: %j', (profile, collectors, expected) => {
      expect(profiled({ profile, collectors }).collectors).toEqual(expected);
    });

    it.each([
      ['development', { ebpf: {}, kubernetes: true }],
      ['production', { ebpf: {}, kubernetes: {}, all: true }],
      ['edge', { ebpf: false, kubernetes: true }],
    ] as const)('%s treats switches that decide nothing ({}) as unset', (profile, expected) => {
      expect(profiled({ profile, collectors: { ebpf: {}, kubernetes: {} } }).collectors).toEqual(expected);
    });

    it('edge turns eBPF off where the user chose other collectors and left eBPF unset', () => {
      const { collectors } = profiled({ profile: 'edge', collectors: { all: true } });
      expect(collectors).toEqual({ all: true, ebpf: false });
      expect(enabledCollectorTypes(collectors)).toEqual(['kubernetes', 'systemd', 'cni']);
    });

    it('edge keeps an eBPF collector the user asked for, for the validation to reject', () => {
      expect(profiled({ profile: 'edge', collectors: { ebpf: { enabled: true } } }).collectors).toEqual({ ebpf: { enabled: true } });
    });
  });

  it.each(CLUSTER_EXAMPLES)('changes nothing the second time (%s)', (name) => {
    const once = exampleCluster(name).spec;
    expect(applyProfileDefaults(once)).toEqual(once);
  });

  it.each(['development', 'production', 'edge'] as const)('changes nothing the second time (profile %s alone)', (profile) => {
    const once = profiled({ profile });
    expect(applyProfileDefaults(once)).toEqual(once);
  });

  it('does not change its input', () => {
    const input = withClusterDefaults(aCluster(withClusterSpec({ profile: 'production' })));
    const copy = structuredClone(input.spec);
    applyProfileDefaults(input.spec);
    expect(input.spec).toEqual(copy);
  });
});
