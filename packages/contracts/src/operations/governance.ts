import { z } from 'zod';
import { humanRoleSchema } from '../identity/roles.ts';
import { identifierSchema } from '../telemetry/point.ts';
import { classificationLabelSchema, classificationSchema, WHOLE_MEASUREMENT, withheldFieldSchema } from '../governance/classification.ts';
import { telemetryQueryInput } from './telemetry.ts';

/** A whole number of days; 36500 (100 years) is "keep", said explicitly. */
const retentionDaysSchema = z.number().int().min(1).max(36_500);

export const measurementRetentionSchema = z.object({ measurement: z.string(), days: z.number().int() });

export const retentionSettingsSchema = z.object({
  /** Days a measurement without its own period keeps its rows; null keeps them forever. */
  defaultDays: z.number().int().nullable(),
  measurements: z.array(measurementRetentionSchema),
  /** How the store enforces it: `sweep` deletes older rows (DuckDB); `not-enforced` says the store cannot (InfluxDB 3 Core, see docs/governance.md). */
  enforcement: z.enum(['sweep', 'not-enforced']),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

export const getRetentionInput = z.object({});
export const getRetentionOutput = z.object({ retention: retentionSettingsSchema });

export const setRetentionInput = z
  .object({
    defaultDays: retentionDaysSchema.nullable().optional().describe('Days every measurement without its own period keeps; null keeps forever; omitted leaves it'),
    measurements: z
      .array(
        z.object({
          measurement: identifierSchema,
          days: retentionDaysSchema.nullable().describe('Days this measurement keeps its rows; null removes its own period (the default applies)'),
        }),
      )
      .max(200)
      .default([]),
  })
  .refine((input) => input.defaultDays !== undefined || input.measurements.length > 0, 'Give defaultDays or at least one measurement');
export const setRetentionOutput = getRetentionOutput;

export const listClassificationsInput = z.object({ measurement: identifierSchema.optional().describe('Only this measurement') });
export const listClassificationsOutput = z.object({
  classifications: z.array(classificationSchema),
  /** The lowest role that sees each label's values, for this tenant. */
  labelMinRoles: z.record(classificationLabelSchema, humanRoleSchema),
});

const fieldOrWholeSchema = z.union([identifierSchema, z.literal(WHOLE_MEASUREMENT)]);

export const setClassificationsInput = z
  .object({
    classifications: z
      .array(
        z.object({
          measurement: identifierSchema,
          field: fieldOrWholeSchema.describe('A field, or "*" for every field of the measurement without its own label'),
          label: classificationLabelSchema.nullable().describe('null removes the label'),
        }),
      )
      .max(500)
      .default([]),
    labelMinRoles: z
      .partialRecord(classificationLabelSchema, humanRoleSchema)
      .optional()
      .describe('The lowest role that sees a label\'s values, e.g. { "confidential": "engineer" }'),
  })
  .refine((input) => input.classifications.length > 0 || input.labelMinRoles !== undefined, 'Give classifications or labelMinRoles');
export const setClassificationsOutput = listClassificationsOutput;

export const auditRetentionSchema = z.object({ days: z.number().int() });
export const getAuditRetentionInput = z.object({});
export const getAuditRetentionOutput = z.object({ auditRetention: auditRetentionSchema });
export const setAuditRetentionInput = z.object({
  days: z.number().int().min(30).max(36_500).describe('Days the audit log keeps a record (at least 30)'),
});
export const setAuditRetentionOutput = getAuditRetentionOutput;

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
/** One page of an audit export is answered inline, so it stays small enough for every front (4 MB). */
export const AUDIT_EXPORT_MAX_BYTES = 4 * 1024 * 1024;
export const exportAuditInput = z
  .object({
    format: z.enum(AUDIT_EXPORT_FORMATS).default('jsonl'),
    from: z.iso.datetime().describe('Earliest time, ISO 8601 (inclusive)'),
    to: z.iso.datetime().describe('Latest time, ISO 8601 (exclusive)'),
    maxRows: z.number().int().min(1).max(100_000).default(10_000),
    maxBytes: z.number().int().min(1024).max(AUDIT_EXPORT_MAX_BYTES).default(1024 * 1024).describe('Bound of one page in bytes'),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  })
  .refine((input) => Date.parse(input.from) < Date.parse(input.to), 'from must be before to');
export const exportAuditOutput = z.object({
  format: z.enum(AUDIT_EXPORT_FORMATS),
  rows: z.number().int(),
  bytes: z.number().int(),
  /** Set when the page stopped at maxRows or maxBytes: ask again with `cursor: nextCursor` for the rest. */
  truncated: z.boolean(),
  nextCursor: z.string().nullable(),
  /** The same page as a file in the tenant's object storage (key under the tenant's prefix), for hand-offs. */
  key: z.string(),
  contentType: z.string(),
  /** The page itself: CSV (RFC 4180, header row) or JSON Lines, one record a line. */
  content: z.string(),
});

export const telemetryExportInput = z.object({
  sql: telemetryQueryInput.shape.sql,
  params: telemetryQueryInput.shape.params,
  format: z.enum(AUDIT_EXPORT_FORMATS).default('csv'),
  maxRows: z.number().int().min(1).max(100_000).default(10_000),
  maxBytes: z.number().int().min(1024).max(AUDIT_EXPORT_MAX_BYTES).default(1024 * 1024),
  timeoutMs: telemetryQueryInput.shape.timeoutMs,
});
export const telemetryExportOutput = z.object({
  format: z.enum(AUDIT_EXPORT_FORMATS),
  columns: z.array(z.string()),
  rows: z.number().int(),
  bytes: z.number().int(),
  /** The query or the export stopped at a bound: narrow the query or raise maxRows/maxBytes. */
  truncated: z.boolean(),
  key: z.string(),
  contentType: z.string(),
  content: z.string(),
  withheld: z.array(withheldFieldSchema).optional(),
});
