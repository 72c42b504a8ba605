import winston from 'winston';

export type Logger = winston.Logger;
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Keys whose values are never written to a log, whatever object they appear in. */
const SECRET_KEYS = /^(data|stringData|token|password|secret|key|privateKey|caBundle|authorization|tls\.key|bearerToken)$/i;

/**
 * Replaces secret-looking values with "[redacted]" at every depth. Secrets' `data` and tokens
 * must never reach a log line, even when a whole object is logged by mistake.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'message') continue;
    (info as Record<string, unknown>)[key] = SECRET_KEYS.test(key) ? '[redacted]' : redact(info[key]);
  }
  return info;
});

export interface LoggerOptions {
  level?: LogLevel;
  /** Fields on every line, e.g. `{ operator: 'streambus-operator' }`. */
  defaultMeta?: Record<string, unknown>;
  /** Where lines go; stderr by default so stdout stays free for a command's own output. */
  stream?: NodeJS.WritableStream;
}

/** One JSON object per line, with an ISO timestamp, as log collectors expect. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: options.defaultMeta ?? {},
    format: winston.format.combine(winston.format.errors({ stack: true }), redactFormat(), winston.format.timestamp(), winston.format.json()),
    transports: [
      options.stream
        ? new winston.transports.Stream({ stream: options.stream })
        : new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] }),
    ],
  });
}

/** A logger that drops everything, for tests and library defaults. */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
