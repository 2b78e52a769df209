import type { PipelineRow, TelemetryPoint } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent } from '../component.ts';

const config = z.object({
  measurement: z.string().min(1).max(128).describe('The measurement to read, e.g. "oven"'),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}).describe('Tag values a point must carry, e.g. {"machine":"Oven2"}'),
  fields: z.array(z.string().min(1).max(128)).max(256).default([]).describe('Only these fields (every field when empty)'),
});

export type LiveStreamSelection = z.output<typeof config>;

/**
 * The rows a live-stream source emits for what ingest wrote: the selected measurement's points
 * whose tags match, as `time`, tags and the selected fields. A point without any selected field
 * (points are sparse) is no row. The stream driver calls it with each written batch, where tags
 * and fields are still told apart; the source's operator then passes the rows on.
 */
export function selectLivePoints(selection: LiveStreamSelection, points: readonly TelemetryPoint[]): PipelineRow[] {
  const tagFilter = Object.entries(selection.tags);
  const rows: PipelineRow[] = [];
  for (const point of points) {
    if (point.m !== selection.measurement) continue;
    if (!tagFilter.every(([tag, value]) => point.tags[tag] === value)) continue;
    const row: PipelineRow = { time: point.t, ...point.tags };
    let fieldsKept = 0;
    for (const [field, value] of Object.entries(point.f)) {
      if (selection.fields.length > 0 && !selection.fields.includes(field)) continue;
      row[field] = value;
      fieldsKept++;
    }
    if (fieldsKept > 0) rows.push(row);
  }
  return rows;
}

export const liveStreamSource = defineComponent({
  name: 'source.live-stream',
  category: 'source',
  title: 'Live stream',
  description:
    'Reads what ingest writes, as it is written (the written-telemetry stream), for one measurement, optionally only the ' +
    'series whose tags match and only some fields. Outputs one row per point: `time` (epoch ms), its tags and its fields as ' +
    'columns. With a stream trigger it runs incrementally on what arrives; run as a batch (a manual run, a backfill or a ' +
    'replay over a range) it reads the same points back from the store over the run\'s range, oldest first, so the ' +
    'pipeline computes over the past what it would have computed live. A batch run needs a range.',
  config,
  input: { kind: 'none', min: 0, max: 0 },
  output: { kind: 'rows' },
  modes: ['stream', 'batch'],
  examples: [{ title: 'Zone temperature of every oven', with: { measurement: 'oven', fields: ['ZoneTemperature1'] } }],
  async run(context) {
    if (!context.range) {
      throw new Error('a live-stream source run as a batch reads the store over the run\'s range: give the run a range (pipelines.run {"range": {...}} or a backfill)');
    }
    const points = await context.services.readPoints(context.config, context.range, context.signal);
    return { rows: selectLivePoints(context.config, points) };
  },
  stream() {
    return {
      process: (_inputRef, rows) => ({ rows }),
      advance: () => ({ rows: [] }),
      snapshot: () => null,
    };
  },
});
