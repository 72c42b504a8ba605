/**
 * A `metav1.MicroTime` string, `2006-01-02T15:04:05.000000Z`. The API server parses MicroTime with a
 * fixed six-digit fraction, so `Date.toISOString()` (three digits) is rejected where MicroTime is
 * required (Event `eventTime`, Lease `renewTime`).
 *
 * `epochMs` may carry a fraction of a millisecond; it becomes the last three digits.
 */
export function formatMicroTime(epochMs: number | Date): string {
  const ms = typeof epochMs === 'number' ? epochMs : epochMs.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`formatMicroTime: not a time: ${String(epochMs)}`);
  const wholeMs = Math.floor(ms);
  const micros = Math.min(999, Math.floor((ms - wholeMs) * 1000));
  const iso = new Date(wholeMs).toISOString();
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}
