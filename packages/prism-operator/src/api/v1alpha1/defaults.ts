// The resources as the API server stores them: every field with a schema default (a `Defaulted`
// property) is present. The builders take these types, so they never restate a default, and no
// hand-written type can drift from the schema.
import { withSchemaDefaults, type Stored } from '@operators/k8s-common';
import type { autoscalingSchema, triggerSchema } from './autoscaling.ts';
import { PrismBackendSchema, type PrismBackend, type PrismBackendSpec } from './prismbackend.ts';
import { PrismNamespaceSchema, type PrismNamespace, type PrismNamespaceSpec } from './prismnamespace.ts';
import { PrismPatternSchema, type PrismPattern, type PrismPatternSpec } from './prismpattern.ts';
import { PrismStackSchema, type adminSchema, type PrismStack, type PrismStackSpec, type proxySchema, type stackBackendSchema, type stackPatternSchema } from './prismstack.ts';

export type DefaultedTrigger = Stored<typeof triggerSchema>;
export type DefaultedAutoscaling = Stored<typeof autoscalingSchema>;

export type DefaultedPrismPatternSpec = Stored<typeof PrismPatternSpec>;
export type DefaultedPrismPattern = Stored<typeof PrismPatternSchema>;

export type DefaultedPrismBackendSpec = Stored<typeof PrismBackendSpec>;
export type DefaultedPrismBackend = Stored<typeof PrismBackendSchema>;

export type DefaultedStackPattern = Stored<typeof stackPatternSchema>;
export type DefaultedStackBackend = Stored<typeof stackBackendSchema>;
export type DefaultedProxy = Stored<typeof proxySchema>;
export type DefaultedAdmin = Stored<typeof adminSchema>;
export type DefaultedPrismStackSpec = Stored<typeof PrismStackSpec>;
export type DefaultedPrismStack = Stored<typeof PrismStackSchema>;

export type DefaultedPrismNamespaceSpec = Stored<typeof PrismNamespaceSpec>;
export type DefaultedPrismNamespace = Stored<typeof PrismNamespaceSchema>;

/** The pattern with the schema's defaults filled in, as the API server would store it. The input is not changed. */
export const patternWithDefaults = (pattern: PrismPattern): DefaultedPrismPattern => withSchemaDefaults(PrismPatternSchema, pattern);
export const backendWithDefaults = (backend: PrismBackend): DefaultedPrismBackend => withSchemaDefaults(PrismBackendSchema, backend);
export const stackWithDefaults = (stack: PrismStack): DefaultedPrismStack => withSchemaDefaults(PrismStackSchema, stack);
export const namespaceWithDefaults = (namespace: PrismNamespace): DefaultedPrismNamespace => withSchemaDefaults(PrismNamespaceSchema, namespace);
