import type { FieldValue, TelemetryPoint } from '@facilflow/contracts';

/**
 * The telemetry contract's point rules (`pointSchema`), checked by hand: ingest runs this
 * for every point, and a reason per point is what the dead letter needs. Returns a clean
 * copy (unknown keys dropped, `tags` defaulted) or the first problem found.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_TAG_VALUE = 256;
const MAX_STRING_FIELD = 4096;

export function readPoint(value: unknown): TelemetryPoint | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'point is not an object';
  const raw = value as Record<string, unknown>;
  const m = raw.m;
  if (typeof m !== 'string' || !IDENTIFIER.test(m)) return `measurement ${describe(m)} is not a name (letters, digits, underscores, up to 64, not starting with a digit)`;
  const t = raw.t;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) return `t must be a non-negative integer of epoch milliseconds, got ${describe(t)}`;
  let tags: Record<string, string> = {};
  if (raw.tags !== undefined) {
    if (!isPlainObject(raw.tags)) return 'tags must be an object of strings';
    tags = raw.tags as Record<string, string>;
    for (const key in tags) {
      if (!IDENTIFIER.test(key)) return `tag name ${describe(key)} is not a name`;
      const tag: unknown = tags[key];
      if (typeof tag !== 'string') return `tag "${key}" must be a string, got ${typeOf(tag)}`;
      if (tag.length > MAX_TAG_VALUE) return `tag "${key}" is longer than ${MAX_TAG_VALUE} characters`;
    }
  }
  if (!isPlainObject(raw.f)) return 'f (the fields) must be an object';
  const f = raw.f as Record<string, FieldValue>;
  let count = 0;
  for (const key in f) {
    if (!IDENTIFIER.test(key)) return `field name ${describe(key)} is not a name`;
    const field: unknown = f[key];
    if (typeof field === 'number') {
      if (!Number.isFinite(field)) return `field "${key}" is not a finite number`;
    } else if (typeof field === 'string') {
      if (field.length > MAX_STRING_FIELD) return `field "${key}" is longer than ${MAX_STRING_FIELD} characters`;
    } else if (typeof field !== 'boolean') {
      return `field "${key}" must be a number, a boolean or a string, got ${typeOf(field)}`;
    }
    count++;
  }
  if (count === 0) return 'a point needs at least one field';
  return { m, tags, f, t };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return value === undefined ? 'missing' : typeOf(value);
}
