import type { MeasurementSchema, MeasurementSchemaDefinition } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export type MeasurementSchemaRow = typeof schema.measurementSchemas.$inferSelect;
export type StoredField = MeasurementSchema['fields'][number];

/** The fields as stored (jsonb): every key explicit, `required` always present. */
export function storedFields(definition: Pick<MeasurementSchemaDefinition, 'fields'>): StoredField[] {
  return definition.fields.map((field) => ({
    name: field.name,
    type: field.type,
    ...(field.unit === undefined ? {} : { unit: field.unit }),
    ...(field.description === undefined ? {} : { description: field.description }),
    ...(field.min === undefined ? {} : { min: field.min }),
    ...(field.max === undefined ? {} : { max: field.max }),
    required: field.required ?? false,
  }));
}

/** Labels as stored: each once, sorted, so the same set reads as the same definition. */
export function storedLabels(labels: readonly string[] | undefined): string[] {
  return [...new Set(labels ?? [])].sort();
}

/** Rows are written by this module only; a malformed entry is read as what it can be, never trusted blindly. */
export function toMeasurementSchema(row: MeasurementSchemaRow): MeasurementSchema {
  const fields = Array.isArray(row.fields) ? (row.fields as unknown[]) : [];
  return {
    tenantId: row.tenantId,
    measurement: row.measurement,
    version: row.version,
    description: row.description,
    fields: fields.flatMap((raw): StoredField[] => {
      if (typeof raw !== 'object' || raw === null) return [];
      const f = raw as Record<string, unknown>;
      if (typeof f.name !== 'string' || (f.type !== 'number' && f.type !== 'boolean' && f.type !== 'string')) return [];
      return [
        {
          name: f.name,
          type: f.type,
          ...(typeof f.unit === 'string' ? { unit: f.unit } : {}),
          ...(typeof f.description === 'string' ? { description: f.description } : {}),
          ...(typeof f.min === 'number' ? { min: f.min } : {}),
          ...(typeof f.max === 'number' ? { max: f.max } : {}),
          required: f.required === true,
        },
      ];
    }),
    requiredTags: Array.isArray(row.requiredTags) ? (row.requiredTags as unknown[]).filter((t): t is string => typeof t === 'string') : [],
    labels: Array.isArray(row.labels) ? (row.labels as unknown[]).filter((l): l is string => typeof l === 'string') : [],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
