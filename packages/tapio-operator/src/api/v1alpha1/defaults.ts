// The three kinds with their schema defaults filled in, as the API server stores them, and the types
// that say so. The builders take these types, so they never restate a schema default. (The kit's
// coming "defaulted" type derived from the schema will replace the hand-written types.)
import { Value } from 'typebox/value';
import type { Quantity } from '@operators/k8s-common';
import { TapioClusterSchema, type TapioCluster, type TapioClusterSpec } from './tapiocluster.ts';
import { TapioCollectorSchema, type TapioCollector, type TapioCollectorSpec } from './tapiocollector.ts';
import { TapioIntelligenceSchema, type TapioIntelligence, type TapioIntelligenceSpec } from './tapiointelligence.ts';
import type { CanaryStep } from './shared.ts';

type Present<T> = NonNullable<T>;
/** `T` with the keys `K` made required: the fields the schema gives a default. */
type WithDefaults<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Present<T[P]> };

type IntelligenceSpec = TapioIntelligenceSpec;
type CorrelationSpec = Present<IntelligenceSpec['correlation']>;
type Neo4jSpec = Present<IntelligenceSpec['neo4j']>;

export type DefaultedAutoscaling = WithDefaults<Present<CorrelationSpec['autoscaling']>, 'enabled' | 'maxReplicas' | 'targetCPUUtilizationPercentage'>;
export type DefaultedCanary = { enabled: boolean; steps: Required<CanaryStep>[]; readyTimeout: string };
export type DefaultedMonitoring = {
  prometheus: WithDefaults<Present<Present<IntelligenceSpec['monitoring']>['prometheus']>, 'enabled'>;
  grafana: { enabled: boolean };
};
export type DefaultedVerticalAutoscaling = Required<Present<TapioCollectorSpec['verticalAutoscaling']>>;
export type DefaultedBackup = WithDefaults<Present<Neo4jSpec['backup']>, 'retention'>;

// ---------------------------------------------------------------------------------------------
// TapioCluster: these are the schema defaults only; profile.ts adds the profile's.

type ClusterSpec = TapioClusterSpec;
type ClusterIntelligence = Present<ClusterSpec['intelligence']>;
type ClusterNeo4j = Present<ClusterIntelligence['neo4j']>;
type ClusterCorrelation = Present<ClusterIntelligence['correlation']>;
type Gateway = Present<ClusterSpec['gateway']>;

export type DefaultedTapioClusterSpec = WithDefaults<ClusterSpec, 'version' | 'imageRegistry' | 'profile'> & {
  collectors: Present<ClusterSpec['collectors']>;
  collectorOptions: Omit<Present<ClusterSpec['collectorOptions']>, 'verticalAutoscaling'> & { verticalAutoscaling: DefaultedVerticalAutoscaling };
  intelligence: Omit<ClusterIntelligence, 'embeddedStorage' | 'neo4j' | 'correlation'> & {
    embeddedStorage: Quantity;
    neo4j: WithDefaults<Omit<ClusterNeo4j, 'backup'>, 'image' | 'licenseAgreement'> & { backup: DefaultedBackup };
    correlation: Omit<ClusterCorrelation, 'autoscaling' | 'canary'> & { autoscaling: DefaultedAutoscaling; canary: DefaultedCanary };
  };
  nats: WithDefaults<Present<ClusterSpec['nats']>, 'image'>;
  gateway: Omit<Gateway, 'rateLimit' | 'authentication' | 'service' | 'autoscaling' | 'canary'> & {
    rateLimit: Required<Present<Gateway['rateLimit']>>;
    authentication: WithDefaults<Present<Gateway['authentication']>, 'enabled'>;
    service: WithDefaults<Present<Gateway['service']>, 'type' | 'port'>;
    autoscaling: DefaultedAutoscaling;
    canary: DefaultedCanary;
  };
  monitoring: DefaultedMonitoring;
  security: Required<Present<ClusterSpec['security']>>;
};

export type DefaultedTapioCluster = Omit<TapioCluster, 'spec'> & { spec: DefaultedTapioClusterSpec };

// ---------------------------------------------------------------------------------------------
// TapioCollector and TapioIntelligence: their defaults are all plain schema defaults.

export type DefaultedTapioCollectorSpec = WithDefaults<TapioCollectorSpec, 'version' | 'imageRegistry' | 'lightweight' | 'networkPolicies'> & {
  verticalAutoscaling: DefaultedVerticalAutoscaling;
  monitoring: DefaultedMonitoring;
};
export type DefaultedTapioCollector = Omit<TapioCollector, 'spec'> & { spec: DefaultedTapioCollectorSpec };

export type DefaultedTapioIntelligenceSpec = WithDefaults<
  IntelligenceSpec,
  'version' | 'imageRegistry' | 'highAvailability' | 'lightweight' | 'embedded' | 'embeddedStorage' | 'networkPolicies'
> & {
  neo4j: WithDefaults<Omit<Neo4jSpec, 'backup'>, 'replicas' | 'storage' | 'image' | 'licenseAgreement'> & {
    backup: DefaultedBackup & { enabled: boolean };
  };
  correlation: WithDefaults<Omit<CorrelationSpec, 'autoscaling' | 'canary'>, 'replicas'> & { autoscaling: DefaultedAutoscaling; canary: DefaultedCanary };
  monitoring: DefaultedMonitoring;
};
export type DefaultedTapioIntelligence = Omit<TapioIntelligence, 'spec'> & { spec: DefaultedTapioIntelligenceSpec };

// Value.Default returns `unknown`; defaults.test.ts pins every field each type promises.

/** The TapioCluster with its schema defaults filled in, as the API server stores it. The input is not changed. */
export function withClusterDefaults(cluster: TapioCluster): DefaultedTapioCluster {
  return Value.Default(TapioClusterSchema, structuredClone(cluster)) as DefaultedTapioCluster;
}

/** The TapioCollector with its schema defaults filled in. The input is not changed. */
export function withCollectorDefaults(collector: TapioCollector): DefaultedTapioCollector {
  return Value.Default(TapioCollectorSchema, structuredClone(collector)) as DefaultedTapioCollector;
}

/** The TapioIntelligence with its schema defaults filled in. The input is not changed. */
export function withIntelligenceDefaults(intelligence: TapioIntelligence): DefaultedTapioIntelligence {
  return Value.Default(TapioIntelligenceSchema, structuredClone(intelligence)) as DefaultedTapioIntelligence;
}
