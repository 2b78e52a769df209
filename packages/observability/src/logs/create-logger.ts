import { trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { REDACTED_LOG_PATHS, REDACTION_CENSOR } from './redacted-log-paths.ts';

export type { Logger } from 'pino';
export type LogLevel = Level | 'silent';

export interface LoggerOptions {
  name: string;
  level?: LogLevel;
  /** Default stdout; tests give a stream to read the lines back. */
  destination?: DestinationStream;
}

/**
 * One JSON object per line, secrets censored, and the active span's ids on every line so a
 * log line leads to its trace (and back).
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths: [...REDACTED_LOG_PATHS], censor: REDACTION_CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: activeSpanFields,
    },
    options.destination,
  );
}

function activeSpanFields(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !trace.isSpanContextValid(context)) return {};
  return { traceId: context.traceId, spanId: context.spanId };
}
