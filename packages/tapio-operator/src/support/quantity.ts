// Resource quantities as numbers, for the few places that must compute with one (a size limit in a
// config file). Candidate for the kit.
import type { Quantity } from '@operators/k8s-common';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3 };

/** `10Gi` → 10737418240; `500M` → 5e8; `1e3` → 1000. Throws for what is not a quantity. */
export function quantityToNumber(quantity: Quantity): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([KMGTPE]i|[kMGTPEm]?)|[eE]([+-]?\d+))$/.exec(quantity.trim());
  if (!match) throw new Error(`not a quantity: "${quantity}"`);
  const [, number, suffix = '', exponent] = match;
  const base = Number(number);
  if (exponent !== undefined) return base * 10 ** Number(exponent);
  const multiplier = BINARY[suffix] ?? DECIMAL[suffix];
  if (multiplier === undefined) throw new Error(`not a quantity: "${quantity}"`);
  return base * multiplier;
}
