// Generic, meant for libs/k8s-common: a quantity in the form the API server stores it
// (resource.Quantity's canonical String()), for quantity fields the Applier's semantic comparison
// does not know (autoscaling/v2 MetricTarget value and averageValue). Sending "1000" where the
// server stores "1k" would look like drift on every pass and re-apply forever.

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/**
 * The canonical form of a decimal (`1000` → `1k`, `0.5` → `500m`, `1.5k` → `1500`) or binary
 * (`2048Ki` → `2Mi`, `1.5Gi` → `1536Mi`) quantity. Exponent forms (`1e3`), values finer than a
 * nano unit and anything that is not a quantity are returned unchanged: the server keeps those as
 * written or rejects them.
 */
export function canonicalQuantity(input: string): string {
  const match = QUANTITY.exec(input);
  if (!match || (!match[2] && !match[3])) return input;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
  let digits = BigInt(`${whole}${fraction}` || '0');
  if (digits === 0n) return '0';
  const negative = sign === '-' ? '-' : '';
  if (BINARY_SUFFIXES.includes(suffix) && suffix !== '') return binary(negative, digits, fraction.length, BINARY_SUFFIXES.indexOf(suffix)) ?? input;
  let exponent = DECIMAL_SUFFIXES[suffix]! - fraction.length;
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent += 1;
  }
  if (exponent < -9) return input;
  // The largest suffix (a multiple of 3) that leaves an integer mantissa.
  const scale = Math.min(Math.floor(exponent / 3) * 3, 18);
  const mantissa = digits * 10n ** BigInt(exponent - scale);
  const name = Object.entries(DECIMAL_SUFFIXES).find(([, power]) => power === scale)![0];
  return `${negative}${mantissa}${name}`;
}

function binary(negative: string, digits: bigint, fractionDigits: number, power: number): string | undefined {
  const divisor = 10n ** BigInt(fractionDigits);
  let value = digits * 1024n ** BigInt(power);
  if (value % divisor !== 0n) return undefined;
  value /= divisor;
  let unit = 0;
  while (unit < BINARY_SUFFIXES.length - 1 && value % 1024n === 0n) {
    value /= 1024n;
    unit += 1;
  }
  return `${negative}${value}${BINARY_SUFFIXES[unit]}`;
}
