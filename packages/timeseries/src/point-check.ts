import type { TelemetryPoint } from '@facilflow/contracts';
import { isIdentifier, TIME_COLUMN } from './identifiers.ts';

/**
 * Why a point cannot be stored, in words the tenant sees in its dead letters. Ingest
 * validates points against the contract already; the stores check again what would
 * otherwise break storage (names used in DDL, value kinds, time range), because a
 * store must not trust its caller for that.
 */

/** The last millisecond InfluxDB can hold (nanoseconds in a signed 64-bit integer, 2262-04-11). */
const MAX_TIME_MS = 9_223_372_036_854;

export type NameRole = 'measurement' | 'tag' | 'field';

export function timeProblem(t: unknown): string | undefined {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    return 'timestamp must be a non-negative number of epoch milliseconds';
  }
  if (t > MAX_TIME_MS) return 'timestamp is after 2262-04-11, the last time the stores can hold';
  return undefined;
}

export function nameProblem(role: NameRole, name: string): string | undefined {
  if (!isIdentifier(name) || name.length > 64) {
    return `${role} name "${name}" is not valid: use up to 64 letters, digits and underscores, not starting with a digit`;
  }
  if (role !== 'measurement' && name.toLowerCase() === TIME_COLUMN) {
    return `${role} name "${name}" is reserved for the timestamp column`;
  }
  return undefined;
}

export function tagValueProblem(key: string, value: unknown): string | undefined {
  return typeof value === 'string' ? undefined : `tag "${key}" must have a string value`;
}

export function fieldValueProblem(key: string, value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : `field "${key}" is not a finite number`;
  }
  if (typeof value === 'boolean' || typeof value === 'string') return undefined;
  return `field "${key}" must be a number, a boolean or a string`;
}

/** Every check at once, for stores that do not resolve names against a schema cache. */
export function pointProblem(point: TelemetryPoint): string | undefined {
  if (typeof point !== 'object' || point === null) return 'point is not an object';
  const measurement = nameProblem('measurement', String(point.m));
  if (measurement) return measurement;
  const time = timeProblem(point.t);
  if (time) return time;
  const tags = point.tags ?? {};
  for (const key in tags) {
    const problem = nameProblem('tag', key) ?? tagValueProblem(key, tags[key]);
    if (problem) return problem;
  }
  let fieldCount = 0;
  for (const key in point.f) {
    const problem = nameProblem('field', key) ?? fieldValueProblem(key, point.f[key]);
    if (problem) return problem;
    if (Object.hasOwn(tags, key)) return `"${key}" is both a tag and a field`;
    fieldCount++;
  }
  return fieldCount === 0 ? 'a point needs at least one field' : undefined;
}
