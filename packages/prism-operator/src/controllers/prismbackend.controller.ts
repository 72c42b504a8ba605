// The PrismBackend reconciler: a backend makes no child of its own (patterns take its connection,
// KEDA triggers its TriggerAuthentication); it checks that every Secret and key it names exists,
// reading them directly and only for their key names, never a value, and reports Ready.
import { controllerFor, ResourceTypes, specOrMetadataChanged, updateStatusIfChanged, type Manager, type ReconcileContext, type ReconcileResult, type Request } from '@operators/k8s-common';
import type { V1Secret } from '@kubernetes/client-node';
import { backendWithDefaults, type DefaultedPrismBackend } from '../api/v1alpha1/defaults.ts';
import { BACKEND_KIND, type PrismBackend } from '../api/v1alpha1/prismbackend.ts';
import { validatePrismBackend } from '../api/v1alpha1/validation.ts';
import { requiredSecretKeys } from '../resources/backend-secrets.ts';
import { computeBackendStatus, type ObservedBackendState } from '../status/backend-status.ts';
import { PrismBackends } from './resource-types.ts';
import { reportInvalidSpec } from './shared.ts';

/** Secrets are not watched (the operator caches none): look again while one is missing. */
const SECRET_RECHECK_MS = 15_000;

export function prismBackendController(manager: Manager) {
  manager.metrics.exportConditions(BACKEND_KIND, () => manager.cache.list<PrismBackend>(PrismBackends));
  return controllerFor(PrismBackends, specOrMetadataChanged)
    .named('prismbackend')
    .complete((request, context) => reconcilePrismBackend(manager, request, context));
}

export async function reconcilePrismBackend(manager: Manager, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  const raw = manager.cache.get<PrismBackend>(PrismBackends, request.name, request.namespace);
  if (!raw || raw.metadata?.deletionTimestamp) return {};
  const validated = validatePrismBackend(raw);
  let backend: DefaultedPrismBackend;
  let observed: ObservedBackendState;
  if (validated.ok) {
    backend = validated.value;
    observed = await checkSecrets(manager, backend, context.signal);
  } else {
    const specError = reportInvalidSpec(manager, raw, validated.errors);
    backend = backendWithDefaults(raw);
    observed = { missingSecrets: [], missingKeys: [], specError };
  }
  const status = computeBackendStatus(backend, observed, new Date());
  reportMissingSecrets(manager, raw, status);
  await updateStatusIfChanged(manager.client, PrismBackends, raw, { ...status }, manager.name, { signal: context.signal });
  return observed.missingSecrets.length || observed.missingKeys.length ? { requeueAfterMs: SECRET_RECHECK_MS } : {};
}

const MISSING_SECRET_REASONS = new Set(['SecretNotFound', 'SecretKeyNotFound']);

/**
 * A Warning Event when the backend becomes unusable for a missing Secret or key (names only, never
 * values): once per change of reason, not on every recheck, so a waiting backend writes no Events.
 */
function reportMissingSecrets(manager: Manager, raw: PrismBackend, status: ReturnType<typeof computeBackendStatus>): void {
  const ready = status.conditions.find((c) => c.type === 'Ready');
  if (!ready || !MISSING_SECRET_REASONS.has(ready.reason)) return;
  const before = raw.status?.conditions?.find((c) => c.type === 'Ready');
  if (before?.reason === ready.reason && before.message === ready.message) return;
  manager.events.event(raw, 'Warning', ready.reason, ready.message);
}

/** Which named Secrets or keys are missing. Only key names are looked at; the data is dropped at once. */
async function checkSecrets(manager: Manager, backend: DefaultedPrismBackend, signal: AbortSignal): Promise<ObservedBackendState> {
  const missingSecrets: string[] = [];
  const missingKeys: { secret: string; key: string }[] = [];
  for (const [name, keys] of requiredSecretKeys(backend.spec)) {
    const secret = await manager.client.tryGet<V1Secret>(ResourceTypes.Secret, name, backend.metadata.namespace, { signal });
    if (!secret) {
      missingSecrets.push(name);
      continue;
    }
    const present = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
    for (const key of keys) if (!present.has(key)) missingKeys.push({ secret: name, key });
  }
  return { missingSecrets, missingKeys };
}
