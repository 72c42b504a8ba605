// The profiles of the README (development, production, edge) as defaults for what the user left
// unset. The mutating webhook calls applyProfileDefaults, so the defaults show in the stored object;
// the reconciler calls it too, for objects written while the webhook was off. Applying it twice
// changes nothing the first pass did not.
import type { Quantity } from '@operators/k8s-common';
import { switchIsSet } from '../../support/switch.ts';
import type { DefaultedTapioCluster, DefaultedTapioClusterSpec } from './defaults.ts';
import type { Profile } from './group.ts';
import { DEFAULT_BACKUP_SCHEDULE } from './shared.ts';
import type { TapioClusterSpec } from './tapiocluster.ts';

type Collectors = NonNullable<TapioClusterSpec['collectors']>;

export interface ProfileDefaults {
  highAvailability: boolean;
  lightweight: boolean;
  /** The embedded graph database instead of Neo4j. */
  embedded: boolean;
  /** The collectors when the user set none. */
  collectors: Collectors;
  /** Whether the profile turns eBPF off even where other collectors were chosen. */
  withoutEbpf: boolean;
  neo4jStorage: Quantity;
  natsStorage: Quantity;
  /** Scheduled Neo4j backups. */
  backups: boolean;
}

export const PROFILE_DEFAULTS: Readonly<Record<Profile, ProfileDefaults>> = {
  development: {
    highAvailability: false,
    lightweight: false,
    embedded: false,
    collectors: { kubernetes: true },
    withoutEbpf: false,
    neo4jStorage: '5Gi',
    natsStorage: '1Gi',
    backups: false,
  },
  production: {
    highAvailability: true,
    lightweight: false,
    embedded: false,
    collectors: { all: true },
    withoutEbpf: false,
    neo4jStorage: '100Gi',
    natsStorage: '10Gi',
    backups: true,
  },
  edge: {
    highAvailability: false,
    lightweight: true,
    embedded: true,
    // eBPF needs kernel features (BTF, CAP_BPF) edge nodes often lack.
    collectors: { kubernetes: true, ebpf: false },
    withoutEbpf: true,
    neo4jStorage: '5Gi',
    natsStorage: '1Gi',
    backups: false,
  },
};

/** Replica counts follow highAvailability: enough for a quorum (Neo4j, NATS) or for one pod to be down (stateless services). */
export const REPLICAS = {
  neo4j: { single: 1, highlyAvailable: 3 },
  correlation: { single: 1, highlyAvailable: 2 },
  gateway: { single: 1, highlyAvailable: 2 },
  nats: { single: 1, highlyAvailable: 3 },
} as const;

/** The spec after applyProfileDefaults: what the profile decides is always present. */
export type ProfiledTapioClusterSpec = DefaultedTapioClusterSpec & {
  highAvailability: boolean;
  lightweight: boolean;
  intelligence: {
    embedded: boolean;
    // Neo4j replicas and storage stay unset with the embedded graph database: a default there would
    // pick a size for a database that does not run.
    neo4j: { backup: { enabled: boolean } };
    correlation: { replicas: number };
  };
  nats: { replicas: number; storage: Quantity };
  gateway: { replicas: number };
};

export type ProfiledTapioCluster = Omit<DefaultedTapioCluster, 'spec'> & { spec: ProfiledTapioClusterSpec };

/**
 * The spec with every field the profile decides filled in where the user left it unset. Fields the
 * user set are kept, even where the validating webhook will then reject the combination (eBPF on
 * edge, a backup without a schedule): defaults never hide a mistake. The input is not changed.
 */
export function applyProfileDefaults(spec: DefaultedTapioClusterSpec): ProfiledTapioClusterSpec {
  const profile = PROFILE_DEFAULTS[spec.profile];
  const highAvailability = spec.highAvailability ?? profile.highAvailability;
  const replicas = (component: keyof typeof REPLICAS) => (highAvailability ? REPLICAS[component].highlyAvailable : REPLICAS[component].single);
  const { intelligence } = spec;
  const embedded = intelligence.embedded ?? profile.embedded;
  const backup = intelligence.neo4j.backup;
  // A backup the profile turns on gets the profile's schedule; one the user turned on keeps theirs, or none.
  const backupEnabled = backup.enabled ?? (profile.backups && !embedded);
  const backupSchedule = backup.enabled === undefined && backupEnabled ? (backup.schedule ?? DEFAULT_BACKUP_SCHEDULE) : backup.schedule;

  return {
    ...spec,
    highAvailability,
    lightweight: spec.lightweight ?? profile.lightweight,
    collectors: profiledCollectors(spec.collectors, profile),
    intelligence: {
      ...intelligence,
      embedded,
      neo4j: {
        ...intelligence.neo4j,
        ...(embedded
          ? {}
          : { replicas: intelligence.neo4j.replicas ?? replicas('neo4j'), storage: intelligence.neo4j.storage ?? profile.neo4jStorage }),
        backup: { ...backup, enabled: backupEnabled, ...(backupSchedule !== undefined ? { schedule: backupSchedule } : {}) },
      },
      correlation: { ...intelligence.correlation, replicas: intelligence.correlation.replicas ?? (embedded ? 1 : replicas('correlation')) },
    },
    nats: { ...spec.nats, replicas: spec.nats.replicas ?? replicas('nats'), storage: spec.nats.storage ?? profile.natsStorage },
    gateway: { ...spec.gateway, replicas: spec.gateway.replicas ?? replicas('gateway') },
  };
}

/** The cluster with its spec run through applyProfileDefaults. */
export function withProfileDefaults(cluster: DefaultedTapioCluster): ProfiledTapioCluster {
  return { ...cluster, spec: applyProfileDefaults(cluster.spec) };
}

function profiledCollectors(collectors: Collectors, profile: ProfileDefaults): Collectors {
  const anySet = Object.values(collectors).some((value) => switchIsSet(value));
  if (!anySet) return { ...collectors, ...profile.collectors };
  if (profile.withoutEbpf && !switchIsSet(collectors.ebpf)) return { ...collectors, ebpf: false };
  return collectors;
}
