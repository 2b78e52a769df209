import type { FieldValue, TelemetryPoint } from '@facilflow/contracts';

/**
 * The telemetry contract's point rules (`pointSchema`), checked by hand: ingest runs this
 * for every point, and a reason per point is what the dead letter needs. `readPoint` returns
 * a clean copy (unknown keys dropped, `tags` defaulted) or the first problem found; the
 * compact batch (v2) applies the same rules through the parts below, its measurement and tags
 * once per series and the rest once per point.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_TAG_VALUE = 256;
const MAX_STRING_FIELD = 4096;

export function readPoint(value: unknown): TelemetryPoint | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'point is not an object';
  const raw = value as Record<string, unknown>;
  const m = raw.m;
  const measurement = measurementProblem(m);
  if (measurement !== undefined) return measurement;
  const t = raw.t;
  const time = timeProblem('t', t);
  if (time !== undefined) return time;
  let tags: Record<string, string> = {};
  if (raw.tags !== undefined) {
    const problem = tagsProblem(raw.tags);
    if (problem !== undefined) return problem;
    tags = raw.tags as Record<string, string>;
  }
  if (!isPlainObject(raw.f)) return 'f (the fields) must be an object';
  const f = raw.f as Record<string, FieldValue>;
  let count = 0;
  for (const key in f) {
    const problem = fieldNameProblem(key) ?? fieldValueProblem(key, f[key]);
    if (problem !== undefined) return problem;
    count++;
  }
  if (count === 0) return NO_FIELD;
  return { m: m as string, tags, f, t: t as number };
}

export const NO_FIELD = 'a point needs at least one field';

export function measurementProblem(m: unknown): string | undefined {
  return typeof m === 'string' && IDENTIFIER.test(m) ? undefined : `measurement ${describe(m)} is not a name (letters, digits, underscores, up to 64, not starting with a digit)`;
}

/** `name` is how the message calls the time: `t` in a point, `times[3]` in a series. */
export function timeProblem(name: string, t: unknown): string | undefined {
  return typeof t === 'number' && Number.isFinite(t) && t >= 0 ? undefined : `${name} must be a non-negative number of epoch milliseconds (decimals for finer than a millisecond), got ${describe(t)}`;
}

export function tagsProblem(tags: unknown): string | undefined {
  if (!isPlainObject(tags)) return 'tags must be an object of strings';
  const record = tags as Record<string, unknown>;
  for (const key in record) {
    if (!IDENTIFIER.test(key)) return `tag name ${describe(key)} is not a name`;
    const tag = record[key];
    if (typeof tag !== 'string') return `tag "${key}" must be a string, got ${typeOf(tag)}`;
    if (tag.length > MAX_TAG_VALUE) return `tag "${key}" is longer than ${MAX_TAG_VALUE} characters`;
  }
  return undefined;
}

export function fieldNameProblem(key: string): string | undefined {
  return IDENTIFIER.test(key) ? undefined : `field name ${describe(key)} is not a name`;
}

export function fieldValueProblem(key: string, field: unknown): string | undefined {
  if (typeof field === 'number') return Number.isFinite(field) ? undefined : `field "${key}" is not a finite number`;
  if (typeof field === 'string') return field.length > MAX_STRING_FIELD ? `field "${key}" is longer than ${MAX_STRING_FIELD} characters` : undefined;
  if (typeof field === 'boolean') return undefined;
  return `field "${key}" must be a number, a boolean or a string, got ${typeOf(field)}`;
}

export function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return value === undefined ? 'missing' : typeOf(value);
}
