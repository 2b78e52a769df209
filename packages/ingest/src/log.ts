/** Where ingest reports what it could not do. Dead letters are the tenant's; this is the operator's. */
export interface IngestLog {
  warn(message: string, details: Record<string, unknown>): void;
  error(message: string, details: Record<string, unknown>): void;
}

export const consoleIngestLog: IngestLog = {
  warn: (message, details) => console.warn(`[ingest] ${message}`, details),
  error: (message, details) => console.error(`[ingest] ${message}`, details),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
