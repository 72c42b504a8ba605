// Resource quantities as numbers the operator can compute with. Parsing is the kit's parseQuantity;
// what this adds is rounding the way Kubernetes rounds (a CPU limit to whole millicores, a memory size
// to whole bytes, both upwards) without the binary-float noise of e.g. 0.1 × 1000 = 100.00000000000001.
import { parseQuantity } from '@operators/k8s-common';

export type QuantityValue = string | number;

/** The quantity's value; throws on something the schema's quantity pattern would have rejected. */
export function quantityValue(quantity: QuantityValue): number {
  const value = parseQuantity(quantity);
  if (value === undefined || !Number.isFinite(value)) throw new Error(`not a resource quantity: ${JSON.stringify(quantity)}`);
  return value;
}

/** Rounds up to an integer, ignoring float noise below 15 significant digits. */
export function ceilToInteger(value: number): number {
  if (Number.isInteger(value)) return value;
  return Math.ceil(Number(value.toPrecision(15)));
}

/** Whole millicores, rounded up as the kubelet rounds a CPU limit (`1.5` → 1500, `100m` → 100). */
export function milliValue(quantity: QuantityValue): number {
  return ceilToInteger(quantityValue(quantity) * 1000);
}

/** Whole units (bytes for memory and storage), rounded up (`1.5Gi` → 1610612736, `0.5` → 1). */
export function integerValue(quantity: QuantityValue): number {
  return ceilToInteger(quantityValue(quantity));
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b` (`1000m` equals `1`). */
export function compareQuantities(a: QuantityValue, b: QuantityValue): -1 | 0 | 1 {
  const difference = quantityValue(a) - quantityValue(b);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/**
 * Whether `available` covers `count × each`. The product is compared with a relative tolerance of
 * 1e-9, so that 3 × 100m fits in 300m although 3 × 0.1 is 0.30000000000000004 in binary floats; the
 * CEL twin of this check (asApproximateFloat) uses the same tolerance.
 */
export function coversMultiple(available: QuantityValue, count: number, each: QuantityValue): boolean {
  return quantityValue(available) >= count * quantityValue(each) * (1 - QUANTITY_TOLERANCE);
}

export const QUANTITY_TOLERANCE = 1e-9;

/** A map of quantities as the API server stores them in core objects: strings (`2`, not 2). */
export function quantityStrings(map: Record<string, QuantityValue>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([name, quantity]) => [name, String(quantity)]));
}
