import type { Logger } from '../logging.ts';

/** What to reconcile: one object, by namespace and name. */
export interface Request {
  namespace?: string;
  name: string;
}

export interface ReconcileResult {
  /** Reconcile again after this long (e.g. to poll something no watch reports). */
  requeueAfterMs?: number;
  /** Reconcile again with the rate limiter's backoff. */
  requeue?: boolean;
}

export interface ReconcileContext {
  logger: Logger;
  /** Unique per reconcile, on every log line of it, to follow one pass through the logs. */
  reconcileID: string;
  /**
   * Pass it to every client call and long wait. Aborts at once when leadership is lost; on a clean
   * stop only when in-flight reconciles did not finish within the drain deadline.
   */
  signal: AbortSignal;
}

export type ReconcileFunction = (request: Request, context: ReconcileContext) => Promise<ReconcileResult | void>;

/**
 * An error that retrying cannot fix (controller-runtime's TerminalError): counted and logged,
 * not requeued. The next change to the object triggers a new reconcile.
 */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export function requestKey(request: Request): string {
  return request.namespace ? `${request.namespace}/${request.name}` : request.name;
}
