import type { FieldValue } from '@facilflow/contracts';

/**
 * InfluxDB line protocol, written by hand rather than with the client's Point class:
 * the InfluxDB 3 store and ingest's line-protocol codec share it, and a batch is encoded
 * point by point so one unrepresentable point is refused alone.
 *
 *   measurement[,tag=value...] field=value[,field=value...] [timestamp]
 *
 * Escaping follows the reference: measurement → comma, space; tag keys, tag values and
 * field keys → comma, equals sign, space; string field values → double quote, backslash.
 * Backslashes are escaped everywhere too, so a value ending in one cannot escape the
 * separator after it. Only the space separates; a tab is an ordinary character. Line
 * protocol has no way to carry a newline in a name or value.
 */

/** A bigint field is written as an integer (`42i`); a number is always a float. */
export type LineProtocolFieldValue = FieldValue | bigint;

export interface LineProtocolPoint {
  m: string;
  tags?: Record<string, string>;
  f: Record<string, LineProtocolFieldValue>;
  /** Timestamp in the precision the writer declares (the stores write epoch milliseconds). */
  t?: number;
}

export class LineProtocolError extends Error {
  override readonly name = 'LineProtocolError';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** One point as one line, without the trailing newline. Throws LineProtocolError when it cannot be written. */
export function encodePoint(point: LineProtocolPoint): string {
  let line = escapeName(point.m, /[, \\]/g, 'measurement');
  const tags = point.tags ?? {};
  // Sorted tags are what InfluxDB recommends: the series key is then the same however callers order them.
  for (const key of Object.keys(tags).sort()) {
    const value = tags[key];
    // An empty tag value means "no such tag": line protocol cannot write one.
    if (value === undefined || value === '') continue;
    line += `,${escapeName(key, /[,= \\]/g, 'tag key')}=${escapeName(value, /[,= \\]/g, `tag ${key}`)}`;
  }
  let separator = ' ';
  for (const key of Object.keys(point.f)) {
    line += `${separator}${escapeName(key, /[,= \\]/g, 'field key')}=${encodeFieldValue(key, point.f[key])}`;
    separator = ',';
  }
  if (separator === ' ') throw new LineProtocolError('a point needs at least one field');
  if (point.t !== undefined) {
    if (!Number.isSafeInteger(point.t)) throw new LineProtocolError('timestamp must be an integer (in the precision the line is written with)');
    line += ` ${point.t}`;
  }
  return line;
}

/** Lines joined by newlines; throws on the first point that cannot be written. */
export function encodeLineProtocol(points: readonly LineProtocolPoint[]): string {
  return points.map(encodePoint).join('\n');
}

function encodeFieldValue(key: string, value: LineProtocolFieldValue | undefined): string {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new LineProtocolError(`field "${key}" is not a finite number`);
      // JavaScript's shortest round-trip form ("1.5", "42", "1e+21") is valid line protocol float syntax.
      return String(value);
    case 'bigint':
      if (value < INT64_MIN || value > INT64_MAX) throw new LineProtocolError(`field "${key}" is outside the 64-bit integer range`);
      return `${value}i`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      rejectNewline(value, `field ${key}`);
      return `"${value.replace(/["\\]/g, '\\$&')}"`;
    default:
      throw new LineProtocolError(`field "${key}" must be a number, a bigint, a boolean or a string`);
  }
}

function escapeName(text: string, special: RegExp, what: string): string {
  if (text === '') throw new LineProtocolError(`${what} is empty`);
  rejectNewline(text, what);
  return text.replace(special, '\\$&');
}

function rejectNewline(text: string, what: string): void {
  if (text.includes('\n') || text.includes('\r')) throw new LineProtocolError(`${what} contains a newline, which line protocol cannot carry`);
}
