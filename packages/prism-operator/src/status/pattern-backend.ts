// What a pattern's spec.backend and its triggers' backends resolve to, from the PrismBackends the
// reconciler found in the namespace.
import type { DefaultedPrismBackend, DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import { BACKEND_TYPES, type BackendType } from '../api/v1alpha1/prismbackend.ts';
import type { PatternBackend } from '../resources/backend-connection.ts';
import { TRIGGER_BACKEND_TYPES, triggerBackendName, type BackendsByName } from '../resources/keda-triggers.ts';

export type BackendResolution = { ok: true; backend: PatternBackend } | { ok: false; reason: 'BackendNotFound'; message: string };

/**
 * A PrismBackend of that name wins over a backend type of the same spelling (`backend: kafka` with
 * a PrismBackend named kafka uses that PrismBackend). Neither: BackendNotFound, and the reconciler
 * applies nothing until it appears (the runners could not connect anyway).
 */
export function resolvePatternBackend(pattern: DefaultedPrismPattern, backends: BackendsByName): BackendResolution {
  const name = pattern.spec.backend;
  const backend = backends.get(name);
  if (backend) return { ok: true, backend: { kind: 'resource', backend } };
  if ((BACKEND_TYPES as readonly string[]).includes(name)) return { ok: true, backend: { kind: 'type', type: name as BackendType } };
  return {
    ok: false,
    reason: 'BackendNotFound',
    message: `spec.backend "${name}" is neither a PrismBackend in this namespace nor a backend type (${BACKEND_TYPES.join(', ')})`,
  };
}

/** The PrismBackends the pattern uses: its own and its triggers' backendRefs, for the reconciler to read. */
export function referencedBackendNames(pattern: DefaultedPrismPattern): string[] {
  const names = new Set([pattern.spec.backend, ...(pattern.spec.autoscaling.triggers ?? []).flatMap((t) => (t.backendRef ? [t.backendRef.name] : []))]);
  return [...names];
}

/**
 * What is wrong with the triggers' backends, as messages naming the trigger: a backendRef to a
 * PrismBackend that does not exist, or of a type the trigger's scaler does not talk to. Empty when
 * every trigger can be built. Only meaningful with scaler keda.
 */
export function triggerBackendProblems(pattern: DefaultedPrismPattern, patternBackend: PatternBackend, backends: BackendsByName): string[] {
  return (pattern.spec.autoscaling.triggers ?? []).flatMap((trigger, index) => {
    if (!trigger.backendRef) return [];
    const name = triggerBackendName(trigger, patternBackend);
    const backend: DefaultedPrismBackend | undefined = name === undefined ? undefined : backends.get(name);
    const at = `spec.autoscaling.triggers[${index}] (${trigger.type})`;
    if (!backend) return [`${at}: backendRef "${trigger.backendRef.name}" is not a PrismBackend in this namespace`];
    const expected = TRIGGER_BACKEND_TYPES[trigger.type];
    if (expected !== backend.spec.type) {
      return [`${at}: backendRef "${trigger.backendRef.name}" is a ${backend.spec.type} backend, but a ${trigger.type} trigger ${expected ? `needs a ${expected} one` : 'takes no backend'}`];
    }
    return [];
  });
}
