/**
 * Structured logging: one JSON object per line on stderr, so a plant's log shipper (journald,
 * Fluent Bit, Docker) can index the fields without parsing prose, and stdout stays free.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line (e.g. { source: 'line1' }). */
  child(bindings: LogFields): Logger;
}

export interface JsonLoggerOptions {
  level?: LogLevel;
  bindings?: LogFields;
  /** Where lines go; default process.stderr. */
  write?: (line: string) => void;
}

export function createJsonLogger({ level = 'info', bindings = {}, write = (line) => process.stderr.write(line) }: JsonLoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (lineLevel: LogLevel, msg: string, fields: LogFields | undefined): void => {
    if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
    write(`${safeStringify({ at: new Date().toISOString(), level: lineLevel, msg, ...bindings, ...fields })}\n`);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (more) => createJsonLogger({ level, bindings: { ...bindings, ...more }, write }),
  };
}

/** A log line must never throw: errors become their message, bigints and cycles are tamed. */
function safeStringify(value: LogFields): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Error) return v.message;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return v;
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
