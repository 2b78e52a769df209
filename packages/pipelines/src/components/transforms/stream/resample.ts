import type { PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { groupBySchema } from '../../../event-time/keys.ts';
import { eventTimeOf } from '../../../event-time/row-values.ts';
import { stateLimitsShape } from '../../../event-time/state-limits.ts';
import { maxOutOfOrderSchema, WatermarkTracker, watermarkStateSchema } from '../../../event-time/watermark.ts';
import { defineComponent } from '../../component.ts';
import { Resampler, resampleKeyStateSchema } from './resampler.ts';

export const resampleConfigSchema = z.object({
    fields: z.array(z.string().min(1).max(128)).min(1).max(64).describe('Numeric columns to put on the grid, e.g. ["Flow", "Pressure"]'),
    groupBy: groupBySchema,
    intervalMs: z.number().positive().max(31 * 86_400_000).describe('Grid step in ms from the epoch, e.g. 1000 for every whole second'),
    method: z
      .enum(['previous', 'linear', 'none'])
      .default('previous')
      .describe('previous: hold the last value (step); linear: interpolate between the samples around the grid point; none: only a sample within the interval before the point, else null'),
    maxGapMs: z
      .number()
      .positive()
      .max(31 * 86_400_000)
      .default(300_000)
      .describe('Longest gap bridged: previous holds a value at most this long, linear interpolates only between samples at most this far apart; beyond it the grid point is null'),
    maxOutputRows: z.number().int().min(1).max(10_000_000).default(1_000_000).describe('Most grid rows one call may emit; past it the stage fails (a tiny interval over a long range)'),
    maxOutOfOrderMs: maxOutOfOrderSchema,
    ...stateLimitsShape,
});

const resampleStateSchema = z.object({ watermark: watermarkStateSchema, keys: z.array(resampleKeyStateSchema) });

export const resampleComponent = defineComponent({
  name: 'transform.resample',
  category: 'transform',
  title: 'Resample / interpolate',
  description: [
    'Puts irregular samples on a fixed time grid per key: one row every intervalMs (aligned to the epoch), from each key\'s first row to its last.',
    'Use it before joining or comparing signals sampled at different rates, or to fill report-by-exception tags (which send only on change) with the held value.',
    'Each grid row is {time: grid point, ...groupBy columns, ...fields}. Methods: previous (step/hold the last value), linear (interpolate between the samples either side), none (the latest sample within the interval before the point, else null). A gap longer than maxGapMs is not bridged: those grid points are null. Null inputs are not samples.',
    'Stream mode emits a grid point once the watermark has passed it (for linear, also the sample after it or maxGapMs past it); rows arriving behind the watermark go unchanged to the "late" port. Batch mode gives the same rows.',
    'Example: {"fields":["Flow"],"groupBy":["machine"],"intervalMs":1000,"method":"linear","maxGapMs":10000} turns samples at 0 s (10) and 2 s (20) into rows at 0 s (10), 1 s (15) and 2 s (20).',
  ].join('\n'),
  config: resampleConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows', extra: () => ['late'] },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Flow every second per machine, interpolated', with: { fields: ['Flow'], groupBy: ['machine'], intervalMs: 1000, method: 'linear', maxGapMs: 10_000 } }],
  async run(context, inputs) {
    const resampler = new Resampler(context.config);
    for (const input of inputs) for (const row of input.rows) resampler.add(row);
    return { rows: resampler.emit(Number.POSITIVE_INFINITY), ports: { late: [] } };
  },
  stream(context, restored) {
    const state = restored === undefined || restored === null ? undefined : resampleStateSchema.parse(restored);
    const tracker = new WatermarkTracker(context.config.maxOutOfOrderMs, state?.watermark);
    const resampler = new Resampler(context.config, state?.keys);
    return {
      process(_inputRef, rows) {
        const late: PipelineRow[] = [];
        for (const row of rows) {
          const time = eventTimeOf(row);
          if (tracker.isBehind(time)) {
            late.push(row);
            continue;
          }
          resampler.add(row);
          tracker.observe(time);
        }
        return { rows: resampler.emit(tracker.current), ports: { late } };
      },
      advance(watermark) {
        tracker.advanceTo(watermark);
        return { rows: resampler.emit(tracker.current), ports: { late: [] } };
      },
      snapshot: () => ({ watermark: tracker.snapshot(), keys: resampler.snapshot() }),
    };
  },
});
