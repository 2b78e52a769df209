import { ROW_TIME_COLUMN } from '@facilflow/contracts';
import { z } from 'zod';
import { aggregationFunctionSchema } from '../../../event-time/aggregations.ts';
import { groupBySchema } from '../../../event-time/keys.ts';
import { stateLimitsShape } from '../../../event-time/state-limits.ts';
import { maxOutOfOrderSchema } from '../../../event-time/watermark.ts';

const durationMs = z.number().positive().max(31 * 86_400_000);

export const windowSpecSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('tumbling'), sizeMs: durationMs.describe('Window length in ms, e.g. 60000 for one minute') }),
    z
      .object({
        type: z.literal('sliding'),
        sizeMs: durationMs.describe('Window length in ms'),
        slideMs: durationMs.describe('How often a window starts, in ms; smaller than sizeMs, so windows overlap'),
      })
      .refine((window) => window.slideMs <= window.sizeMs, { message: 'slideMs must not exceed sizeMs (use a tumbling window)', path: ['slideMs'] })
      .refine((window) => window.sizeMs / window.slideMs <= 1000, { message: 'a row may fall in at most 1000 sliding windows: raise slideMs', path: ['slideMs'] }),
    z.object({ type: z.literal('session'), gapMs: durationMs.describe('A session ends after this much event time (ms) with no row for its key') }),
  ])
  .describe('Tumbling (fixed, back to back), sliding (fixed, overlapping) or session (per key, closed by a gap) windows on event time');

export const aggregationSpecSchema = z
  .object({
    as: z.string().min(1).max(128).describe('Output column, e.g. "avgTemperature"'),
    fn: aggregationFunctionSchema,
    field: z.string().min(1).max(128).optional().describe('Input column aggregated; optional only for count, which then counts rows'),
  })
  .refine((spec) => spec.field !== undefined || spec.fn === 'count', { message: 'only count may leave out "field"', path: ['field'] });

const RESERVED_COLUMNS = [ROW_TIME_COLUMN, 'windowEnd', 'revision'];

export const windowAggregateConfigSchema = z
  .object({
    window: windowSpecSchema,
    groupBy: groupBySchema,
    aggregations: z.array(aggregationSpecSchema).min(1).max(64).describe('One output column per entry'),
    maxOutOfOrderMs: maxOutOfOrderSchema,
    allowedLatenessMs: z
      .number()
      .min(0)
      .max(7 * 86_400_000)
      .default(0)
      .describe('How long (ms of watermark) after a window closes a late row still updates it: the window is emitted again with revision 1, 2, …; later rows go to the "late" port'),
    ...stateLimitsShape,
  })
  .superRefine((config, issues) => {
    const seen = new Set<string>();
    config.aggregations.forEach((spec, index) => {
      if (seen.has(spec.as)) issues.addIssue({ code: 'custom', message: `output column "${spec.as}" is named twice`, path: ['aggregations', index, 'as'] });
      if (RESERVED_COLUMNS.includes(spec.as) || config.groupBy.includes(spec.as)) {
        issues.addIssue({ code: 'custom', message: `output column "${spec.as}" clashes with a window or key column`, path: ['aggregations', index, 'as'] });
      }
      seen.add(spec.as);
    });
    if (config.groupBy.includes(ROW_TIME_COLUMN)) issues.addIssue({ code: 'custom', message: 'group by tags, not by "time"', path: ['groupBy'] });
  });

export type WindowAggregateConfig = z.output<typeof windowAggregateConfigSchema>;
export type AggregationSpec = z.output<typeof aggregationSpecSchema>;
