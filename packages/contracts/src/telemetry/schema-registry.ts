import { z } from 'zod';
import { unstorableTextReason } from '../text/storable-text.ts';
import { identifierSchema } from './point.ts';

/**
 * The schema registry: per tenant, one versioned schema per measurement. Ingest checks
 * every point against the latest version of its measurement's schema:
 *
 * - a point is **rejected** (dead letter, with its reason) when its measurement has no
 *   schema, it carries a field the schema does not declare, a field of another type, or
 *   lacks a required field or a required tag;
 * - a value outside a field's `min`/`max` is **stored** and left to the data-quality
 *   checks: the range describes what is plausible, not what may be recorded;
 * - tags other than the required ones are free (they say which thing, not what value).
 *
 * Points are sparse (an OPC UA agent sends one field per notification), so a field is
 * optional unless marked `required`: mark only fields every point carries.
 */
export const MEASUREMENT_FIELD_TYPES = ['number', 'boolean', 'string'] as const;
export const measurementFieldTypeSchema = z.enum(MEASUREMENT_FIELD_TYPES);
export type MeasurementFieldType = z.infer<typeof measurementFieldTypeSchema>;

/** Free text of a schema, stored in text columns: a NUL or a lone surrogate is refused with its path, never escaped (the registry keeps what was written). */
const storable = (text: z.ZodString) =>
  text.superRefine((value, ctx) => {
    const reason = unstorableTextReason(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });

/** The name DuckDB and InfluxDB give the timestamp column: no tag or field may take it. */
const RESERVED_NAME = 'time';

export const measurementFieldSchema = z
  .object({
    name: identifierSchema.describe('Field name as points carry it, e.g. "ZoneTemperature1"'),
    type: measurementFieldTypeSchema,
    unit: storable(z.string().trim().min(1).max(32)).optional().describe('Engineering unit, e.g. "degC", "rpm", "kg"'),
    description: storable(z.string().max(500)).optional(),
    min: z.number().optional().describe('Lowest plausible value (numbers only): lower values are stored and flagged by data quality'),
    max: z.number().optional().describe('Highest plausible value (numbers only): higher values are stored and flagged by data quality'),
    required: z.boolean().optional().describe('Every point must carry this field (default false: points are sparse)'),
  })
  .superRefine((field, ctx) => {
    if (field.name.toLowerCase() === RESERVED_NAME) ctx.addIssue({ code: 'custom', path: ['name'], message: '"time" is the timestamp column' });
    if (field.type !== 'number' && (field.min !== undefined || field.max !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min and max apply to number fields only' });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'max must not be below min' });
    }
  });
export type MeasurementField = z.infer<typeof measurementFieldSchema>;

/** What a person or a model writes to register or change a measurement's schema. */
export const measurementSchemaDefinitionSchema = z
  .object({
    measurement: identifierSchema.describe('Measurement name, e.g. "oven"'),
    description: storable(z.string().max(1000)).optional(),
    fields: z.array(measurementFieldSchema).min(1).max(500),
    requiredTags: z.array(identifierSchema).max(64).default([]).describe('Tags every point must carry, e.g. ["site", "machine"]'),
    labels: z
      .array(identifierSchema)
      .max(32)
      .optional()
      .describe('Labels policies can match, e.g. ["production"]; left out on an update, the latest version\'s labels stay'),
  })
  .superRefine((definition, ctx) => {
    // DuckDB folds case: two names differing only by case would be one column.
    const seen = new Set<string>();
    definition.fields.forEach((field, i) => {
      const folded = field.name.toLowerCase();
      if (seen.has(folded)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'name'], message: `field "${field.name}" is declared twice (names are not case-sensitive)` });
      seen.add(folded);
    });
    const tags = new Set<string>();
    definition.requiredTags.forEach((tag, i) => {
      const folded = tag.toLowerCase();
      if (folded === RESERVED_NAME) ctx.addIssue({ code: 'custom', path: ['requiredTags', i], message: '"time" is the timestamp column' });
      if (tags.has(folded)) ctx.addIssue({ code: 'custom', path: ['requiredTags', i], message: `tag "${tag}" is listed twice` });
      if (seen.has(folded)) ctx.addIssue({ code: 'custom', path: ['requiredTags', i], message: `"${tag}" is declared as a field too` });
      tags.add(folded);
    });
  });
export type MeasurementSchemaDefinition = z.infer<typeof measurementSchemaDefinitionSchema>;

/** One stored version of a measurement's schema. */
export const measurementSchemaSchema = z.object({
  tenantId: z.string(),
  measurement: z.string(),
  version: z.number().int().positive(),
  description: z.string().nullable(),
  fields: z.array(
    z.object({
      name: z.string(),
      type: measurementFieldTypeSchema,
      unit: z.string().optional(),
      description: z.string().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      required: z.boolean(),
    }),
  ),
  requiredTags: z.array(z.string()),
  /** What policies match on (e.g. `production`); changing them is always compatible. The registry always returns them; absent reads as none. */
  labels: z.array(z.string()).optional(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});
export type MeasurementSchema = z.infer<typeof measurementSchemaSchema>;
