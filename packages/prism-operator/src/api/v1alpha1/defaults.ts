// The resources as the API server stores them: every field with a schema default is present. The
// builders take these types, so they never restate a default.
import { fillDefaults, type WithDefaults } from '../../support/defaulted.ts';
import type { Autoscaling, Trigger } from './autoscaling.ts';
import { PrismBackendSchema, type PrismBackend, type PrismBackendSpec } from './prismbackend.ts';
import { PrismNamespaceSchema, type PrismNamespace, type PrismNamespaceSpec } from './prismnamespace.ts';
import { PrismPatternSchema, type PrismPattern, type PrismPatternSpec } from './prismpattern.ts';
import { PrismStackSchema, type PrismStack, type PrismStackSpec, type StackBackend, type StackPattern } from './prismstack.ts';

type Present<T> = NonNullable<T>;

export type DefaultedTrigger = Omit<Trigger, 'authenticationRef'> & {
  authenticationRef?: Required<Present<Trigger['authenticationRef']>>;
};
export type DefaultedAutoscaling = Omit<WithDefaults<Autoscaling, 'enabled' | 'scaler' | 'minReplicas' | 'maxReplicas'>, 'triggers'> & {
  triggers?: DefaultedTrigger[];
};

type PatternFields = Omit<PrismPatternSpec, 'replicas' | 'imagePullPolicy' | 'resources' | 'service' | 'autoscaling'> & {
  replicas: number;
  imagePullPolicy: Present<PrismPatternSpec['imagePullPolicy']>;
  resources: Present<PrismPatternSpec['resources']>;
  service: WithDefaults<Present<PrismPatternSpec['service']>, 'type' | 'port'>;
  autoscaling: DefaultedAutoscaling;
};
export type DefaultedPrismPatternSpec = PatternFields;
export type DefaultedPrismPattern = Omit<PrismPattern, 'spec'> & { spec: DefaultedPrismPatternSpec };

type Tls = Present<PrismBackendSpec['tls']>;
type BackendFields<Spec extends { tls?: Tls }> = Omit<Spec, 'tls'> & { tls?: WithDefaults<Tls, 'enabled' | 'insecureSkipVerify'> };
export type DefaultedPrismBackendSpec = BackendFields<PrismBackendSpec>;
export type DefaultedPrismBackend = Omit<PrismBackend, 'spec'> & { spec: DefaultedPrismBackendSpec };

type Proxy = Present<PrismStackSpec['proxy']>;
type Admin = Present<PrismStackSpec['admin']>;
type Observability = Present<PrismStackSpec['observability']>;
export type DefaultedStackPattern = Omit<StackPattern, keyof PatternFields> & PatternFields;
export type DefaultedStackBackend = BackendFields<StackBackend>;
export type DefaultedProxy = WithDefaults<Proxy, 'image' | 'imagePullPolicy' | 'replicas' | 'port' | 'resources'> & {
  service: WithDefaults<Present<Proxy['service']>, 'type'>;
  autoscaling: WithDefaults<Present<Proxy['autoscaling']>, 'enabled' | 'minReplicas' | 'maxReplicas' | 'targetCPUUtilizationPercentage' | 'requestRateMetric'>;
};
export type DefaultedAdmin = WithDefaults<Admin, 'enabled' | 'image' | 'imagePullPolicy' | 'replicas' | 'port' | 'resources'> & {
  service: WithDefaults<Present<Admin['service']>, 'type'>;
};
export type DefaultedPrismStackSpec = Omit<PrismStackSpec, 'proxy' | 'admin' | 'patterns' | 'backends' | 'observability'> & {
  proxy: DefaultedProxy;
  admin: DefaultedAdmin;
  patterns?: DefaultedStackPattern[];
  backends?: DefaultedStackBackend[];
  observability: Omit<Observability, 'metrics'> & { metrics: Required<Present<Observability['metrics']>> };
};
export type DefaultedPrismStack = Omit<PrismStack, 'spec'> & { spec: DefaultedPrismStackSpec };

type NetworkPolicy = Present<PrismNamespaceSpec['networkPolicy']>;
export type DefaultedPrismNamespaceSpec = WithDefaults<PrismNamespaceSpec, 'podSecurity' | 'deletionPolicy'> & {
  networkPolicy: WithDefaults<NetworkPolicy, 'defaultDeny' | 'denyEgress' | 'allowSameNamespace' | 'allowDNS'>;
};
export type DefaultedPrismNamespace = Omit<PrismNamespace, 'spec'> & { spec: DefaultedPrismNamespaceSpec };

/** The pattern with the schema's defaults filled in, as the API server would store it. The input is not changed. */
export const patternWithDefaults = (pattern: PrismPattern): DefaultedPrismPattern => fillDefaults(PrismPatternSchema, pattern);
export const backendWithDefaults = (backend: PrismBackend): DefaultedPrismBackend => fillDefaults(PrismBackendSchema, backend);
export const stackWithDefaults = (stack: PrismStack): DefaultedPrismStack => fillDefaults(PrismStackSchema, stack);
export const namespaceWithDefaults = (namespace: PrismNamespace): DefaultedPrismNamespace => fillDefaults(PrismNamespaceSchema, namespace);
