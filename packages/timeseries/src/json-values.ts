/**
 * Conversions that keep query results JSON-safe on every backend: results travel to
 * browsers, MCP clients and the assistant as JSON, where bigints and Dates do not exist.
 */

const MAX_DATE_MS = 8.64e15;

/** ISO 8601 in UTC with milliseconds, plus microseconds when the value has them. */
export function isoFromEpochMicros(micros: bigint): string {
  let ms = micros / 1000n;
  let subMs = micros % 1000n;
  if (subMs < 0n) {
    ms -= 1n;
    subMs += 1000n;
  }
  const millis = Number(ms);
  // DuckDB's 'infinity' timestamps and other values no Date can hold stay in words.
  if (millis > MAX_DATE_MS || millis < -MAX_DATE_MS) return micros > 0n ? 'infinity' : '-infinity';
  const iso = new Date(millis).toISOString();
  return subMs === 0n ? iso : `${iso.slice(0, -1)}${subMs.toString().padStart(3, '0')}Z`;
}

export function isoFromEpochMillis(millis: number): string {
  return new Date(millis).toISOString();
}

/** A number when the integer is exact in a double, its decimal string otherwise. */
export function jsonSafeInteger(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}
