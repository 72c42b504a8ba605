/**
 * Whether every field `desired` sets has the same meaning in `live`. Fields only `live` has
 * (server defaults, status, other managers' fields) are ignored. Quantities compare by value
 * (`1000m` is `1`, `1Gi` is `1073741824`), because the API server normalises them and a strict
 * comparison would see a difference, and so write, on every reconcile.
 */
export function semanticallyContains(desired: unknown, live: unknown): boolean {
  if (desired === undefined) return true;
  if (desired === null) return live === null || live === undefined;
  if (Array.isArray(desired)) {
    if (desired.length === 0) return live === undefined || (Array.isArray(live) && live.length === 0);
    if (!Array.isArray(live) || live.length !== desired.length) return false;
    return desired.every((d, i) => semanticallyContains(d, live[i]));
  }
  if (typeof desired === 'object') {
    const entries = Object.entries(desired as Record<string, unknown>);
    // An empty object the server drops (e.g. `securityContext: {}`) is not a difference.
    if (entries.length === 0) return live === undefined || (typeof live === 'object' && live !== null);
    if (typeof live !== 'object' || live === null || Array.isArray(live)) return false;
    return entries.every(([k, v]) => semanticallyContains(v, (live as Record<string, unknown>)[k]));
  }
  if (desired === live) return true;
  const a = parseQuantity(desired);
  const b = parseQuantity(live);
  return a !== undefined && b !== undefined && a === b;
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A Kubernetes quantity's value, or undefined when the value is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/.exec(value);
  if (!match) return undefined;
  const number = Number(match[1]);
  if (match[2]) return number * BINARY_SUFFIXES[match[2]]!;
  if (match[3]) return Number(`${match[1]}${match[3]}`);
  return number * DECIMAL_SUFFIXES[match[4] ?? '']!;
}
