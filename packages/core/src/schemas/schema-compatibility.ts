import type { MeasurementSchema } from '@facilflow/contracts';
import type { StoredField } from './to-measurement-schema.ts';

type Shape = Pick<MeasurementSchema, 'fields' | 'requiredTags'>;

/**
 * The rule for a new version: **backward compatible** — every point valid under the
 * latest version stays valid under the new one, and a stored value keeps its meaning.
 * Agents keep sending what they sent; a new version must not turn their data into dead
 * letters or reinterpret what is stored.
 *
 * Allowed: adding an optional field; making a required field optional; dropping a
 * required tag; changing labels (they only drive policies), description, range (min/max: they only drive data-quality
 * flags) and a field's description; giving a unit to a field that had none.
 *
 * Refused (CONFLICT), each with its reason:
 * - removing a field (points carrying it would be refused as unknown field);
 * - changing a field's type (the stored column keeps the old one);
 * - adding a required field, or making an optional field required;
 * - adding a required tag;
 * - changing or removing a field's unit (stored values would change meaning).
 *
 * To make an incompatible change, add a new field (e.g. `Temperature_F`) or delete the
 * schema and register it again (destructive, two-phase).
 */
export function compatibilityProblems(latest: Shape, next: Shape): string[] {
  const problems: string[] = [];
  const nextFields = new Map(next.fields.map((field) => [field.name, field]));
  const latestFields = new Map(latest.fields.map((field) => [field.name, field]));
  for (const old of latest.fields) {
    const field = nextFields.get(old.name);
    if (!field) {
      problems.push(`field "${old.name}" is removed: points that carry it would be refused`);
      continue;
    }
    if (field.type !== old.type) problems.push(`field "${old.name}" changes type from ${old.type} to ${field.type}: stored values keep the old type`);
    if (field.required && !old.required) problems.push(`field "${old.name}" becomes required: points without it would be refused`);
    if (old.unit !== undefined && field.unit !== old.unit) {
      problems.push(`field "${old.name}" changes unit from ${old.unit} to ${field.unit ?? 'none'}: stored values would change meaning (add a new field instead)`);
    }
  }
  for (const field of next.fields) {
    if (!latestFields.has(field.name) && field.required) problems.push(`new field "${field.name}" is required: points sent so far do not carry it`);
  }
  const oldTags = new Set(latest.requiredTags);
  for (const tag of next.requiredTags) {
    if (!oldTags.has(tag)) problems.push(`tag "${tag}" becomes required: points without it would be refused`);
  }
  return problems;
}

type Labelled = Shape & { description: string | null; labels?: readonly string[] };

/** Same definition (field, tag and label order do not matter). */
export function sameDefinition(a: Labelled, b: Labelled): boolean {
  if ((a.description ?? null) !== (b.description ?? null)) return false;
  if ([...(a.labels ?? [])].sort().join() !== [...(b.labels ?? [])].sort().join()) return false;
  if (a.fields.length !== b.fields.length || a.requiredTags.length !== b.requiredTags.length) return false;
  const key = (field: StoredField) =>
    JSON.stringify([field.name, field.type, field.unit ?? null, field.description ?? null, field.min ?? null, field.max ?? null, field.required]);
  const aFields = new Set(a.fields.map(key));
  return b.fields.every((field) => aFields.has(key(field))) && [...b.requiredTags].sort().join() === [...a.requiredTags].sort().join();
}
