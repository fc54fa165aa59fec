// Logging is off unless asked for, and says what a vendor's support engineer needs and nothing
// personal: method, path template (`/linked-accounts/{id}`, never the id), status, attempt,
// duration, request id. No headers, no bodies, no query: they carry client ids and e-mails.

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Any console-like sink: `console`, pino, winston. */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

export interface Log {
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  write(level: Exclude<LogLevel, 'off'>, message: string): void;
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/** A log for `prefix`, or undefined when it would write nothing, so callers skip the work. */
export function createLog(prefix: string, level: LogLevel, logger: Logger = console): Log | undefined {
  if (level === 'off') return undefined;
  const enabled = (at: Exclude<LogLevel, 'off'>) => RANK[at] <= RANK[level];
  return {
    enabled,
    write: (at, message) => {
      if (!enabled(at)) return;
      // A logger that throws must not turn a call that completed into a failure.
      try {
        logger[at](`[${prefix}] ${message}`);
      } catch {}
    },
  };
}
