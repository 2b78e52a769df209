import { HttpError } from '@influxdata/influxdb3-client';

/**
 * A 400 from InfluxDB 3's write endpoints lists the refused lines (up to 100) and writes
 * the rest (partial writes are the default):
 *   { "error": "partial write of line protocol occurred",
 *     "data": [{ "original_line": "...", "line_number": 2, "error_message": "..." }] }
 * With partial writes off, `data` is a single object instead of an array.
 */
interface RefusedLine {
  /** 1-based, in the body that was sent. */
  lineNumber: number;
  reason: string;
}

export interface WriteRefusal {
  message: string;
  lines: RefusedLine[];
}

/** The refusal a 400 describes; undefined for any other failure (auth, server, network). */
export function writeRefusal(error: unknown): WriteRefusal | undefined {
  if (!(error instanceof HttpError) || error.statusCode !== 400) return undefined;
  const body: unknown = error.json;
  const message = isRecord(body) && typeof body.error === 'string' ? body.error : error.message;
  const data = isRecord(body) ? body.data : undefined;
  const entries: unknown[] = Array.isArray(data) ? data : data === undefined ? [] : [data];
  const lines = entries.flatMap((entry) =>
    isRecord(entry) && typeof entry.line_number === 'number'
      ? [{ lineNumber: entry.line_number, reason: typeof entry.error_message === 'string' ? entry.error_message : message }]
      : [],
  );
  return { message, lines };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
