import { jsonPointer, type JsonPatchOperation } from './json-patch.ts';

export interface CaBundleTarget {
  kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration' | 'CustomResourceDefinition';
  name: string;
}

/** Reads and JSON-patches the cluster-scoped objects CA bundles go into; implemented with the real API client elsewhere. */
export interface CaBundlePatcher {
  /** Resolves undefined when the object does not exist. */
  get(target: CaBundleTarget): Promise<object | undefined>;
  patch(target: CaBundleTarget, operations: JsonPatchOperation[]): Promise<void>;
}

/**
 * - `patched`: the bundle differed and was written;
 * - `unchanged`: every place already held the bundle;
 * - `missing`: the object does not exist;
 * - `not-applicable`: a CRD whose conversion strategy is not Webhook, which has no place for a bundle.
 */
export type CaInjectionOutcome = 'patched' | 'unchanged' | 'missing' | 'not-applicable';

export interface CaInjectionResult {
  target: CaBundleTarget;
  outcome: CaInjectionOutcome;
}

export class CaInjectionError extends AggregateError {
  override readonly name = 'CaInjectionError';
  readonly results: CaInjectionResult[];

  constructor(errors: unknown[], results: CaInjectionResult[], message: string) {
    super(errors, message);
    this.results = results;
  }
}

/**
 * Puts `caPem` (base64, as the API expects) into every client config of the targets, as
 * cert-manager's cainjector does. Objects already holding it are not written, so calling this on
 * every reconcile costs reads only. Every target is attempted; failures are thrown together after.
 */
export async function injectCaBundle(patcher: CaBundlePatcher, targets: readonly CaBundleTarget[], caPem: string): Promise<CaInjectionResult[]> {
  const caBundle = Buffer.from(caPem, 'utf8').toString('base64');
  const results: CaInjectionResult[] = [];
  const errors: unknown[] = [];
  const failed: string[] = [];
  for (const target of targets) {
    try {
      const current = await patcher.get(target);
      if (current === undefined) {
        results.push({ target, outcome: 'missing' });
        continue;
      }
      const operations = caBundlePatch(target, current, caBundle);
      if (operations === undefined) {
        results.push({ target, outcome: 'not-applicable' });
      } else if (operations.length === 0) {
        results.push({ target, outcome: 'unchanged' });
      } else {
        await patcher.patch(target, operations);
        results.push({ target, outcome: 'patched' });
      }
    } catch (error) {
      errors.push(error);
      failed.push(`${target.kind} ${target.name}`);
    }
  }
  if (errors.length > 0) throw new CaInjectionError(errors, results, `CA bundle injection failed for ${failed.join(', ')}`);
  return results;
}

/**
 * The JSON Patch that sets `caBundle` (already base64) in `current`: empty when nothing differs,
 * undefined when the object has no place for one. Paths index into the webhooks list, so the
 * patch first tests the resourceVersion it was computed from: if the object changed meanwhile the
 * API server refuses the patch instead of writing into the wrong webhook.
 */
export function caBundlePatch(target: CaBundleTarget, current: object, caBundle: string): JsonPatchOperation[] | undefined {
  const object = current as Record<string, unknown>;
  const operations: JsonPatchOperation[] = [];
  if (target.kind === 'CustomResourceDefinition') {
    const conversion = record(record(object.spec)?.conversion);
    if (conversion?.strategy !== 'Webhook') return undefined;
    setCaBundle(operations, ['spec', 'conversion', 'webhook'], record(conversion.webhook), caBundle);
  } else {
    const webhooks = Array.isArray(object.webhooks) ? object.webhooks : [];
    webhooks.forEach((webhook, index) => setCaBundle(operations, ['webhooks', index], record(webhook), caBundle));
  }
  if (operations.length === 0) return operations;
  const resourceVersion = record(object.metadata)?.resourceVersion;
  return typeof resourceVersion === 'string' ? [{ op: 'test', path: '/metadata/resourceVersion', value: resourceVersion }, ...operations] : operations;
}

/** `owner` is what holds `clientConfig`: an admission webhook entry, or a CRD's spec.conversion.webhook. */
function setCaBundle(operations: JsonPatchOperation[], ownerPath: Array<string | number>, owner: Record<string, unknown> | undefined, caBundle: string): void {
  const clientConfig = record(owner?.clientConfig);
  if (owner === undefined) {
    operations.push({ op: 'add', path: jsonPointer(ownerPath), value: { clientConfig: { caBundle } } });
  } else if (clientConfig === undefined) {
    operations.push({ op: 'add', path: jsonPointer([...ownerPath, 'clientConfig']), value: { caBundle } });
  } else if (clientConfig.caBundle !== caBundle) {
    // `add` on an existing member replaces it (RFC 6902 4.1), so one op covers both cases.
    operations.push({ op: 'add', path: jsonPointer([...ownerPath, 'clientConfig', 'caBundle']), value: caBundle });
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
