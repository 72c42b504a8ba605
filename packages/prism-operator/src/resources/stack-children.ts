// The PrismPatterns and PrismBackends a PrismStack creates and owns, one per entry of its lists.
import type { V1EnvVar } from '@kubernetes/client-node';
import type { DefaultedPrismStack, DefaultedStackPattern } from '../api/v1alpha1/defaults.ts';
import { API_VERSION, STACK_LABEL } from '../api/v1alpha1/group.ts';
import { BACKEND_KIND, type PrismBackend } from '../api/v1alpha1/prismbackend.ts';
import { PATTERN_KIND, type PrismPattern } from '../api/v1alpha1/prismpattern.ts';
import { childMetadata, nameOf } from './metadata.ts';
import { mergeEnv } from './pod-template.ts';
import { adminName, proxyName, stackChildName } from './stack-names.ts';

export const STACK_PATTERN_COMPONENT = 'pattern';
export const STACK_BACKEND_COMPONENT = 'backend';

/** The variables every component of the stack gets: where the proxy and the admin plane are, and where traces go. */
export function stackEnv(stack: DefaultedPrismStack): V1EnvVar[] {
  const { proxy, admin, observability } = stack.spec;
  return [
    { name: 'PRISM_PROXY_ENDPOINT', value: `${proxyName(stack)}:${proxy.port}` },
    ...(admin.enabled ? [{ name: 'PRISM_ADMIN_ENDPOINT', value: `${adminName(stack)}:${admin.port}` }] : []),
    ...(observability.tracing ? [{ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: observability.tracing.endpoint }] : []),
  ];
}

/**
 * One PrismPattern <stack>-<name> per entry. A backend (or a trigger's backendRef) that names one
 * of the stack's backends is rewritten to that backend's PrismBackend <stack>-<name>; any other
 * value is kept (a PrismBackend outside the stack, or a backend type).
 */
export function desiredStackPatterns(stack: DefaultedPrismStack): PrismPattern[] {
  const stackBackends = new Set((stack.spec.backends ?? []).map((backend) => backend.name));
  const backendName = (name: string) => (stackBackends.has(name) ? stackChildName(stack, name) : name);
  return (stack.spec.patterns ?? []).map((entry) => {
    const { name, ...spec } = entry;
    const triggers = spec.autoscaling.triggers?.map((trigger) => (trigger.backendRef ? { ...trigger, backendRef: { name: backendName(trigger.backendRef.name) } } : trigger));
    return {
      apiVersion: API_VERSION,
      kind: PATTERN_KIND,
      metadata: childMetadata(stack, stackChildName(stack, name), STACK_PATTERN_COMPONENT, { [STACK_LABEL]: nameOf(stack) }),
      spec: {
        ...spec,
        backend: backendName(spec.backend),
        env: patternEnv(stack, entry),
        autoscaling: { ...spec.autoscaling, ...(triggers ? { triggers } : {}) },
      },
    };
  });
}

/** The stack's variables, then the entry's own, which win on a name both have. */
function patternEnv(stack: DefaultedPrismStack, entry: DefaultedStackPattern): V1EnvVar[] {
  return mergeEnv(stackEnv(stack), entry.env);
}

/** One PrismBackend <stack>-<name> per entry, with the entry's fields as its spec. */
export function desiredStackBackends(stack: DefaultedPrismStack): PrismBackend[] {
  return (stack.spec.backends ?? []).map(({ name, ...spec }) => ({
    apiVersion: API_VERSION,
    kind: BACKEND_KIND,
    metadata: childMetadata(stack, stackChildName(stack, name), STACK_BACKEND_COMPONENT, { [STACK_LABEL]: nameOf(stack) }),
    spec,
  }));
}
