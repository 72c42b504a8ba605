// The status of a PrismBackend: whether every Secret and key it names exists. Messages name
// Secrets and keys only; the reconciler never reads a value, and none could appear here.
import { setConditions } from '@operators/k8s-common';
import type { DefaultedPrismBackend } from '../api/v1alpha1/defaults.ts';
import type { BackendPhase, PrismBackendStatus } from '../api/v1alpha1/prismbackend.ts';
import { condition, DEGRADED, PROGRESSING, READY, stampConditions, type ConditionVerdict } from './conditions.ts';

export interface ObservedBackendState {
  /** Secrets the backend names that do not exist in its namespace. */
  missingSecrets: readonly string[];
  /** Keys missing from Secrets that exist. */
  missingKeys: readonly { secret: string; key: string }[];
  specError?: string;
}

export type ComputedBackendStatus = Required<Pick<PrismBackendStatus, 'phase' | 'conditions'>> & Pick<PrismBackendStatus, 'observedGeneration'>;

export function computeBackendStatus(backend: DefaultedPrismBackend, observed: ObservedBackendState, now: Date): ComputedBackendStatus {
  const { phase, ready } = decide(backend, observed);
  const generation = backend.metadata.generation;
  // A backend has no workload: nothing is ever in progress or degraded, only usable or not.
  const updates = stampConditions(generation, [
    [READY, ready],
    [PROGRESSING, condition('False', ready.reason, 'a backend has nothing to roll out')],
    [DEGRADED, condition('False', ready.reason, 'see the Ready condition')],
  ]);
  return {
    phase,
    conditions: setConditions(backend.status?.conditions, updates, now),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
}

function decide(backend: DefaultedPrismBackend, observed: ObservedBackendState): { phase: BackendPhase; ready: ConditionVerdict } {
  if (observed.specError !== undefined) return { phase: 'Failed', ready: condition('False', 'InvalidSpec', observed.specError) };
  if (observed.missingSecrets.length > 0) {
    const names = observed.missingSecrets.map((name) => `"${name}"`).join(', ');
    return {
      phase: 'Failed',
      ready: condition('False', 'SecretNotFound', `Secret${observed.missingSecrets.length > 1 ? 's' : ''} ${names} not found in namespace ${backend.metadata.namespace}; the runners and KEDA read the credentials from ${observed.missingSecrets.length > 1 ? 'them' : 'it'}`),
    };
  }
  if (observed.missingKeys.length > 0) {
    const keys = observed.missingKeys.map(({ secret, key }) => `"${key}" in Secret "${secret}"`).join(', ');
    return { phase: 'Failed', ready: condition('False', 'SecretKeyNotFound', `missing ${keys}; set the key names under spec.credentials or spec.tls, or add the keys`) };
  }
  const { spec } = backend;
  const where = spec.type === 'sqs' ? `queue ${spec.queueURL ?? '(set by the triggers)'} in ${spec.region}` : (spec.endpoints ?? []).join(', ');
  return { phase: 'Ready', ready: condition('True', 'Configured', `${spec.type} at ${where}${spec.credentials ? ', credentials from Secret ' + spec.credentials.secretName : ''}`) };
}
