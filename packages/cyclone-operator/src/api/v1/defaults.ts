import { withSchemaDefaults } from '@operators/k8s-common';
import { CycloneAppSchema, type CycloneApp, type CycloneAppSpec } from './cycloneapp.ts';

type Spec = CycloneAppSpec;
type Present<T> = NonNullable<T>;
/** `T` with the keys `K` made required: the fields the schema gives a default. */
type WithDefaults<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Present<T[P]> };

type Security = Present<Spec['securityContext']>;
type Observability = Present<Spec['observability']>;

/**
 * The spec as the API server stores it: every field with a schema default is present. The builders
 * take this, so they never restate a default.
 */
export type DefaultedCycloneAppSpec = WithDefaults<
  Spec,
  'version' | 'replicas' | 'targetRPS' | 'port' | 'metricsPort' | 'hostNetwork' | 'progressDeadlineSeconds'
> & {
  networking: Required<Present<Spec['networking']>>;
  tls: WithDefaults<Present<Spec['tls']>, 'enabled'>;
  autoscaling: WithDefaults<Present<Spec['autoscaling']>, 'enabled' | 'targetCPUUtilizationPercentage'>;
  circuitBreaker: Required<Present<Spec['circuitBreaker']>>;
  performance: Required<Present<Spec['performance']>>;
  securityContext: WithDefaults<Security, 'runAsNonRoot' | 'runAsUser' | 'allowPrivilegeEscalation' | 'readOnlyRootFilesystem'> & {
    capabilities: WithDefaults<Present<Security['capabilities']>, 'drop'>;
    seccompProfile: WithDefaults<Present<Security['seccompProfile']>, 'type'>;
  };
  rollback: Required<Present<Spec['rollback']>>;
  observability: {
    metrics: WithDefaults<Present<Observability['metrics']>, 'serviceMonitor' | 'interval'>;
    logging: Required<Present<Observability['logging']>>;
    tracing: WithDefaults<Present<Observability['tracing']>, 'enabled' | 'samplingRate'>;
  };
  networkPolicy: WithDefaults<Present<Spec['networkPolicy']>, 'enabled' | 'ingressFrom'>;
};

export type DefaultedCycloneApp = Omit<CycloneApp, 'spec'> & { spec: DefaultedCycloneAppSpec };

/**
 * The app with the schema's defaults filled in, as the API server would store it. Objects read from
 * the API server already have them; this makes the type say so and covers objects built in tests or
 * read from files. The input is not changed.
 */
export function withDefaults(app: CycloneApp): DefaultedCycloneApp {
  // The schema marks no field with the kit's Defaulted, so Stored<> is the plain type here; the
  // defaults test pins every field DefaultedCycloneAppSpec promises.
  return withSchemaDefaults(CycloneAppSchema, app) as DefaultedCycloneApp;
}
