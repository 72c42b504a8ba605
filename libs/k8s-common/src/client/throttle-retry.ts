/**
 * When to send a request again that the API server rejected with 429 Too Many Requests.
 *
 * API Priority and Fairness answers 429 with `Retry-After` before it processes a request, so any
 * method is safe to send again; client-go does so (up to 10 times, only when `Retry-After` is
 * present). We bound both the number of retries and each wait, so a server asking for minutes
 * fails the request instead of hanging its caller.
 */
export interface ThrottleRetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 5. */
  maxRetries?: number;
  /** The longest wait honoured; a longer `Retry-After` fails the request at once. Default 10 s. */
  maxDelayMs?: number;
}

export const DEFAULT_THROTTLE_RETRY = { maxRetries: 5, maxDelayMs: 10_000 } as const;

/**
 * `Retry-After` in seconds: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when
 * absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * How long to wait before attempt `retry` (1 for the first retry), or undefined for "do not
 * retry": not a 429, no `Retry-After`, retries used up, or a wait longer than allowed.
 */
export function throttleRetryDelayMs(statusCode: number, retryAfterSeconds: number | undefined, retry: number, options: ThrottleRetryOptions = {}): number | undefined {
  const maxRetries = options.maxRetries ?? DEFAULT_THROTTLE_RETRY.maxRetries;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_THROTTLE_RETRY.maxDelayMs;
  if (statusCode !== 429 || retryAfterSeconds === undefined || retry > maxRetries) return undefined;
  const delayMs = retryAfterSeconds * 1000;
  return delayMs > maxDelayMs ? undefined : delayMs;
}
