import { z } from 'zod';
import { identifierSchema } from '../telemetry/point.ts';
import { measurementSchemaDefinitionSchema, measurementSchemaSchema } from '../telemetry/schema-registry.ts';

const measurement = identifierSchema.describe('Measurement name (from schemas.list)');

export const listSchemasInput = z.object({});
export const listSchemasOutput = z.object({
  schemas: z.array(measurementSchemaSchema.extend({ versions: z.number().int().describe('How many versions exist (the one shown is the latest)') })),
});

export const getSchemaInput = z.object({
  measurement,
  version: z.number().int().positive().optional().describe('A past version; the latest when left out'),
});
export const getSchemaOutput = z.object({
  schema: measurementSchemaSchema,
  versions: z.array(z.number().int()).describe('Every version number, oldest first'),
});

export const createSchemaInput = measurementSchemaDefinitionSchema;
export const createSchemaOutput = z.object({ schema: measurementSchemaSchema });

export const updateSchemaInput = measurementSchemaDefinitionSchema.safeExtend({
  expectedVersion: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('The version this change was made from; refused with CONFLICT if another change came first'),
});
export const updateSchemaOutput = z.object({
  schema: measurementSchemaSchema,
  changed: z.boolean().describe('False when the definition equals the latest version: no new version was made'),
});

export const deleteSchemaInput = z.object({ measurement });
export const deleteSchemaOutput = z.object({ deleted: z.literal(true), versions: z.number().int() });
