/**
 * Where messaging reports what it refuses or cannot deliver. Broker refusals must be
 * visible to an operator (a mis-configured agent otherwise just looks "offline"), and
 * handler failures must not vanish; callers pass their own sink, tests pass a recorder.
 */
export interface MessagingLog {
  warn(message: string, details: Record<string, unknown>): void;
  error(message: string, details: Record<string, unknown>): void;
}

export const consoleLog: MessagingLog = {
  warn: (message, details) => console.warn(`[messaging] ${message}`, details),
  error: (message, details) => console.error(`[messaging] ${message}`, details),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
