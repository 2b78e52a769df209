import { z } from 'zod';

/**
 * What flows between stages: flat rows of scalars. A time-series row carries `time` (epoch
 * milliseconds, decimals for sub-millisecond precision), its tags and its fields as columns, e.g.
 * `{ time, line: 'Line1', machine: 'Oven2', ZoneTemperature1: 231.4 }`.
 */
export const pipelineScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type PipelineScalar = z.infer<typeof pipelineScalarSchema>;

export const pipelineRowSchema = z.record(z.string(), pipelineScalarSchema);
export type PipelineRow = z.infer<typeof pipelineRowSchema>;

/** The column a time-series row keeps its timestamp in. */
export const ROW_TIME_COLUMN = 'time';
