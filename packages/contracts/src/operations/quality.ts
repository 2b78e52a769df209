import { z } from 'zod';
import { identifierSchema } from '../telemetry/point.ts';
import {
  qualityCheckSchema,
  qualityFieldScoreSchema,
  qualityIssueSchema,
  qualityMeasurementScoreSchema,
  qualitySeriesWindowSchema,
  qualityWindowScoreSchema,
  seriesKeySchema,
} from '../quality/quality.ts';

export const qualityScoresInput = z.object({
  measurement: identifierSchema.optional().describe('Only this measurement, e.g. "oven"'),
  series: seriesKeySchema.optional().describe('Only this series in `seriesWindows` (and returns them); the other scores are over every series'),
  field: identifierSchema.optional().describe('Only this field, e.g. "ZoneTemperature1"'),
  from: z.iso.datetime().optional().describe('Earliest window start, ISO 8601 (default: an hour before `to`)'),
  to: z.iso.datetime().optional().describe('Latest window start (exclusive), ISO 8601 (default: now)'),
  includeWindows: z.boolean().default(false).describe('Also return the score of every window of each (measurement, field) (newest first), e.g. to chart one field'),
  includeSeries: z.boolean().default(false).describe('Also return the windows of single series in which a check flagged samples (newest first)'),
  limit: z.number().int().min(1).max(1000).default(100).describe('Most (measurement, field) rows, worst first; also caps windows and seriesWindows'),
});
export const qualityScoresOutput = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  measurements: z.array(qualityMeasurementScoreSchema),
  fields: z.array(qualityFieldScoreSchema),
  windows: z.array(qualityWindowScoreSchema),
  seriesWindows: z.array(qualitySeriesWindowSchema),
  /** More (measurement, field) rows matched than `limit`. */
  truncated: z.boolean(),
});

export const qualityIssuesInput = z.object({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  measurement: identifierSchema.optional(),
  series: seriesKeySchema.optional(),
  field: identifierSchema.optional(),
  check: qualityCheckSchema.optional(),
  from: z.iso.datetime().optional().describe('Only issues still open at or after this time, ISO 8601'),
  to: z.iso.datetime().optional().describe('Only issues started at or before this time, ISO 8601'),
  cursor: z.string().optional().describe('nextCursor from the previous page'),
  limit: z.number().int().min(1).max(200).default(50),
});
export const qualityIssuesOutput = z.object({ items: z.array(qualityIssueSchema), nextCursor: z.string().nullable() });
