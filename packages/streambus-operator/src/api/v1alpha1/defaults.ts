import { Value } from 'typebox/value';
import { StreamBusClusterSchema, type StreamBusCluster, type StreamBusClusterSpec } from './streambuscluster.ts';

type Spec = StreamBusClusterSpec;
type Present<T> = NonNullable<T>;
/** `T` with the keys `K` made required: the fields the schema gives a default. */
type WithDefaults<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Present<T[P]> };

type Security = Present<Spec['security']>;
type MultiTenancy = Present<Spec['multiTenancy']>;
type Observability = Present<Spec['observability']>;
type Logging = Present<Observability['logging']>;

/**
 * The spec as the API server stores it: every field with a schema default is present. The builders
 * take this, so they never restate a default.
 */
export type DefaultedStreamBusClusterSpec = WithDefaults<Spec, 'replicas' | 'progressDeadlineSeconds'> & {
  image: Required<Present<Spec['image']>>;
  storage: WithDefaults<Present<Spec['storage']>, 'size' | 'raftSize' | 'deleteClaimsOnScaleDown' | 'deleteClaimsOnDelete'>;
  config: Required<Present<Spec['config']>>;
  security: {
    tls: WithDefaults<Present<Security['tls']>, 'enabled' | 'clientAuthRequired'>;
    authentication: WithDefaults<Present<Security['authentication']>, 'enabled'>;
    authorization: Required<Present<Security['authorization']>>;
  };
  multiTenancy: WithDefaults<MultiTenancy, 'enabled'> & { isolation: Required<Present<MultiTenancy['isolation']>> };
  observability: {
    metrics: WithDefaults<Present<Observability['metrics']>, 'enabled' | 'serviceMonitor' | 'interval' | 'perTenantMetrics'>;
    tracing: WithDefaults<Present<Observability['tracing']>, 'enabled' | 'samplingRate' | 'includeTenantId'>;
    logging: WithDefaults<Logging, 'format' | 'includeTenantContext'> & { auditLog: Required<Present<Logging['auditLog']>> };
  };
};

export type DefaultedStreamBusCluster = Omit<StreamBusCluster, 'spec'> & { spec: DefaultedStreamBusClusterSpec };

/**
 * The cluster with the schema's defaults filled in, as the API server would store it. Objects read
 * from the API server already have them; this makes the type say so and covers objects built in
 * tests or read from files. The input is not changed.
 */
export function withDefaults(cluster: StreamBusCluster): DefaultedStreamBusCluster {
  // Value.Default returns `unknown`; the defaults test pins every field the type promises.
  return Value.Default(StreamBusClusterSchema, structuredClone(cluster)) as DefaultedStreamBusCluster;
}
