/**
 * The slice of a winston logger the webhook code uses, so a winston Logger (or anything shaped
 * like it) can be passed in. Metadata carries identifiers only, never object contents.
 */
export interface WebhookLogger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
}

export const silentLogger: WebhookLogger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
