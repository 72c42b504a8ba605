/** A Kubernetes `Status` object, as the API server returns it on failure. */
export interface ApiStatus {
  kind?: 'Status';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { field?: string; message?: string; reason?: string }[]; retryAfterSeconds?: number };
}

/** An answer other than 2xx from the API server, or a failure to reach it (statusCode 0). */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly reason: string;
  readonly status: ApiStatus | undefined;
  readonly method: string;
  readonly path: string;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: { statusCode: number; method: string; path: string; status?: ApiStatus; message?: string; retryAfterSeconds?: number; cause?: unknown }) {
    const reason = init.status?.reason ?? (init.statusCode === 0 ? 'ConnectionError' : String(init.statusCode));
    super(`${init.method} ${init.path}: ${init.statusCode} ${reason}: ${init.status?.message ?? init.message ?? ''}`.trim(), { cause: init.cause });
    this.name = 'ApiError';
    this.statusCode = init.statusCode;
    this.reason = reason;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.retryAfterSeconds = init.retryAfterSeconds ?? init.status?.details?.retryAfterSeconds;
  }
}

/**
 * A write the client refused, or cut off in flight, because its write fence had aborted (see
 * `KubeClient.fenceWrites`): a process that lost leadership must not write. Not an `ApiError` and not
 * transient: retrying cannot help.
 */
export class WriteFencedError extends Error {
  readonly method: string;
  readonly path: string;

  constructor(init: { method: string; path: string; reason: unknown; inFlight: boolean }) {
    const why = init.reason instanceof Error ? init.reason.message : String(init.reason);
    const what = init.inFlight ? 'aborted in flight (the server may have applied it)' : 'not sent';
    super(`${init.method} ${init.path}: ${what}: writes are fenced: ${why}`, { cause: init.reason });
    this.name = 'WriteFencedError';
    this.method = init.method;
    this.path = init.path;
  }
}

function statusOf(err: unknown): number | undefined {
  return err instanceof ApiError ? err.statusCode : undefined;
}

export const isNotFound = (err: unknown): boolean => statusOf(err) === 404;
export const isConflict = (err: unknown): boolean => statusOf(err) === 409 && (err as ApiError).reason !== 'AlreadyExists';
export const isAlreadyExists = (err: unknown): boolean => statusOf(err) === 409 && (err as ApiError).reason === 'AlreadyExists';
export const isGone = (err: unknown): boolean => statusOf(err) === 410 || (err as ApiError | undefined)?.reason === 'Expired';
export const isForbidden = (err: unknown): boolean => statusOf(err) === 403;
export const isInvalid = (err: unknown): boolean => statusOf(err) === 422;
export const isTooManyRequests = (err: unknown): boolean => statusOf(err) === 429;

/** Errors worth retrying as they are: the server or the network failed, not the request. */
export function isTransient(err: unknown): boolean {
  const code = statusOf(err);
  return code === 0 || code === 429 || (code !== undefined && code >= 500);
}
