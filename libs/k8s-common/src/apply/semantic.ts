/** A field's place in an object: keys, and indexes into lists. */
export type FieldPath = readonly (string | number)[];

/**
 * Whether every field `desired` sets has the same meaning in `live`. Fields only `live` has
 * (server defaults, status, other managers' fields) are ignored.
 *
 * Values compare strictly (`"1.10"` is not `"1.1"`, `8080` is not `"8080"`), except where the
 * field is a Kubernetes quantity (see `isQuantityField`): the API server rewrites those to a
 * canonical form (`1000m` → `1`, `1073741824` → `1Gi`), so they compare by value there, or a
 * strict comparison would see a difference, and so write, on every reconcile.
 */
export function semanticallyContains(desired: unknown, live: unknown): boolean {
  return firstDifference(desired, live) === undefined;
}

/**
 * The path of the first field `desired` sets that `live` does not have with the same meaning
 * (as `semanticallyContains` judges), e.g. `spec.template.spec.containers[0].env[2].value`;
 * `(root)` when the values themselves differ; undefined when `live` contains `desired`.
 */
export function firstDifference(desired: unknown, live: unknown, path: FieldPath = []): string | undefined {
  return differs(desired, live, path) ? formatPath(path) : firstNestedDifference(desired, live, path);
}

/** Whether the two values differ here, before looking into their members. */
function differs(desired: unknown, live: unknown, path: FieldPath): boolean {
  if (desired === undefined) return false;
  if (desired === null) return live !== null && live !== undefined;
  if (Array.isArray(desired)) {
    // An empty list the server drops (e.g. `args: []`) is no difference.
    if (desired.length === 0) return !(live === undefined || (Array.isArray(live) && live.length === 0));
    return !Array.isArray(live) || live.length !== desired.length;
  }
  if (typeof desired === 'object') {
    // Nor is an empty object the server drops (e.g. `securityContext: {}`).
    if (Object.keys(desired).length === 0) return !(live === undefined || (typeof live === 'object' && live !== null));
    return typeof live !== 'object' || live === null || Array.isArray(live);
  }
  if (desired === live) return false;
  return !(isQuantityField(path) && sameQuantity(desired, live));
}

function firstNestedDifference(desired: unknown, live: unknown, path: FieldPath): string | undefined {
  if (Array.isArray(desired)) {
    const list = live as unknown[];
    for (let i = 0; i < desired.length; i++) {
      const found = firstDifference(desired[i], list[i], [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (desired === null || typeof desired !== 'object') return undefined;
  const members = (live ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(desired)) {
    const found = firstDifference(value, members[key], [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Maps of resource name to quantity (ResourceList): container and pod resources, quotas, capacity. */
const RESOURCE_LISTS = new Set(['limits', 'requests', 'hard', 'used', 'capacity', 'allocatable', 'allocatedResources', 'overhead', 'podFixed']);
/** Quantity maps of a LimitRange item (`spec.limits[i].max` ...). */
const LIMIT_RANGE_LISTS = new Set(['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']);
/** Fields that are a single quantity: emptyDir's `sizeLimit`, CSIStorageCapacity's sizes. */
const QUANTITY_FIELDS = new Set(['sizeLimit', 'capacity', 'maximumVolumeSize']);
/** An autoscaling/v2 MetricTarget's (and MetricValueStatus') quantities: `target.averageValue: "1000"` is stored as `1k`. */
const METRIC_TARGETS = new Set(['target', 'current']);
const METRIC_QUANTITIES = new Set(['value', 'averageValue']);
const METRIC_LISTS = new Set(['metrics', 'currentMetrics']);

/**
 * Whether the value at `path` is a Kubernetes quantity, which the API server stores in canonical
 * form: a member of a resource list (`resources.limits.memory`, a claim's `requests.storage`,
 * ResourceQuota `hard`, LimitRange `max`/`min`/`default`/`defaultRequest`/`maxLimitRequestRatio`,
 * `capacity`, `overhead`), a `sizeLimit`, a `hugepages-*` resource, or an HPA metric's `target`/`current`
 * `value` or `averageValue`.
 */
export function isQuantityField(path: FieldPath): boolean {
  const key = path.at(-1);
  if (typeof key !== 'string') return false;
  if (QUANTITY_FIELDS.has(key) || key.startsWith('hugepages-')) return true;
  const list = path.at(-2);
  if (typeof list !== 'string') return false;
  if (RESOURCE_LISTS.has(list)) return true;
  // spec.metrics[i].<source>.target.averageValue, status.currentMetrics[i].<source>.current.value
  if (METRIC_TARGETS.has(list) && METRIC_QUANTITIES.has(key)) return typeof path.at(-4) === 'number' && METRIC_LISTS.has(String(path.at(-5)));
  return LIMIT_RANGE_LISTS.has(list) && typeof path.at(-3) === 'number' && path.at(-4) === 'limits';
}

function formatPath(path: FieldPath): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) return i === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;
/** Beyond this the value is not a quantity the API server accepts, and exact arithmetic would be costly. */
const MAX_EXPONENT = 400;

/** A quantity as `digits × 10^pow10 × 2^pow2`, exact, so `0.3` and `300m` compare equal. */
interface ExactQuantity {
  digits: bigint;
  pow10: number;
  pow2: number;
}

function exactQuantity(value: unknown): ExactQuantity | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = '', binary, exponent, decimal] = match;
  if (whole === '' && fraction === '') return undefined;
  const pow10 = -fraction.length + (exponent !== undefined ? Number(exponent) : DECIMAL_SUFFIXES[decimal ?? '']!);
  if (Math.abs(pow10) > MAX_EXPONENT) return undefined;
  return { digits: BigInt(`${sign}${whole}${fraction}`), pow10, pow2: binary ? BINARY_SUFFIXES[binary]! : 0 };
}

function sameQuantity(a: unknown, b: unknown): boolean {
  const x = exactQuantity(a);
  const y = exactQuantity(b);
  if (!x || !y) return false;
  const pow10 = Math.min(x.pow10, y.pow10);
  const pow2 = Math.min(x.pow2, y.pow2);
  const scaled = (q: ExactQuantity) => q.digits * 10n ** BigInt(q.pow10 - pow10) * 2n ** BigInt(q.pow2 - pow2);
  return scaled(x) === scaled(y);
}

/** A Kubernetes quantity's value, or undefined when the value is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  const q = exactQuantity(value);
  if (!q) return undefined;
  // Dividing by a power of ten rounds once, where multiplying by 10^-n would round twice.
  const decimal = q.pow10 < 0 ? Number(q.digits) / 10 ** -q.pow10 : Number(q.digits) * 10 ** q.pow10;
  return decimal * 2 ** q.pow2;
}
