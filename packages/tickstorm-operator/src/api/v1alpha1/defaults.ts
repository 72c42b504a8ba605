import { Value } from 'typebox/value';
import { TickStormSchema, type TickStorm, type TickStormSpec } from './tickstorm.ts';

type Spec = TickStormSpec;
type Present<T> = NonNullable<T>;
/** `T` with the keys `K` made required: the fields the schema gives a default. */
type WithDefaults<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Present<T[P]> };

type Resources = Present<Spec['resources']>;
type Autoscaling = Present<Spec['autoscaling']>;
type Behavior = Present<Autoscaling['behavior']>;
type Tls = Present<Spec['tls']>;
type Certificate = Present<Tls['certificate']>;
type Metrics = Present<Spec['metrics']>;
type NamespaceGuard = Present<Spec['namespaceGuard']>;
type Probes = Present<Spec['probes']>;

export type DefaultedResourceList = Required<Present<Resources['limits']>>;
export type DefaultedProbe = Required<Present<Probes['liveness']>>;
export type DefaultedScalingRules = Required<Present<Behavior['scaleUp']>>;
export type DefaultedCertificate = Omit<Certificate, 'issuerRef'> & { issuerRef: Required<Certificate['issuerRef']> };
export type DefaultedTls = WithDefaults<Omit<Tls, 'certificate'>, 'clientAuth'> & { certificate?: DefaultedCertificate };
export type DefaultedAutoscaling = Omit<Required<Autoscaling>, 'behavior'> & { behavior: { scaleUp: DefaultedScalingRules; scaleDown: DefaultedScalingRules } };
export type DefaultedNetworkPolicy = WithDefaults<Present<Spec['networkPolicy']>, 'metricsFrom' | 'egress'>;
export type DefaultedNamespaceGuard = {
  resourceQuota: Required<Present<NamespaceGuard['resourceQuota']>>;
  limitRange: Required<Present<NamespaceGuard['limitRange']>>;
};

/**
 * The spec as the API server stores it: every field with a schema default is present. The builders
 * take this, so they never restate a default. Optional sections without a default (tls, autoscaling,
 * networkPolicy, namespaceGuard) stay optional: their presence switches the feature on.
 */
export type DefaultedTickStormSpec = WithDefaults<Spec, 'replicas' | 'nodeSelector' | 'terminationGracePeriodSeconds'> & {
  image: Required<Present<Spec['image']>>;
  resources: { requests: DefaultedResourceList; limits: DefaultedResourceList };
  runtime: WithDefaults<Present<Spec['runtime']>, 'gogc'>;
  ulimits: WithDefaults<Present<Spec['ulimits']>, 'maxOpenFiles' | 'maxCpuTime' | 'maxStackSize' | 'maxCoreSize'>;
  auth: WithDefaults<Present<Spec['auth']>, 'usernameKey' | 'passwordKey' | 'username' | 'deleteGeneratedSecretOnDelete'>;
  tls?: DefaultedTls;
  service: WithDefaults<Present<Spec['service']>, 'type' | 'port'>;
  metrics: { port: number; serviceMonitor: WithDefaults<Present<Metrics['serviceMonitor']>, 'enabled' | 'interval' | 'path'> };
  autoscaling?: DefaultedAutoscaling;
  disruption: Required<Present<Spec['disruption']>>;
  networkPolicy?: DefaultedNetworkPolicy;
  namespaceGuard?: DefaultedNamespaceGuard;
  highAvailability: Required<Present<Spec['highAvailability']>>;
  probes: { startup: DefaultedProbe; readiness: DefaultedProbe; liveness: DefaultedProbe };
  securityContext: Present<Spec['securityContext']>;
};

export type DefaultedTickStorm = Omit<TickStorm, 'spec'> & { spec: DefaultedTickStormSpec };

/**
 * The TickStorm with the schema's defaults filled in, as the API server would store it. Objects read
 * from the API server already have them; this makes the type say so and covers objects built in tests
 * or read from files. The input is not changed.
 */
export function withDefaults(tickStorm: TickStorm): DefaultedTickStorm {
  // Value.Default returns `unknown`; the defaults test pins every field the type promises.
  return Value.Default(TickStormSchema, structuredClone(tickStorm)) as DefaultedTickStorm;
}
