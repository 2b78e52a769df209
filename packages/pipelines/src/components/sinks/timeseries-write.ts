import { z } from 'zod';
import { defineComponent } from '../component.ts';

const columnName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'letters, digits and underscores, not starting with a digit');

const config = z
  .object({
    measurement: columnName.describe('The derived measurement to write, e.g. "oven_1m"; registered in the schema registry on first write'),
    tags: z.array(columnName).max(32).default([]).describe('Columns that become tags (which thing), e.g. ["line","machine"]'),
    fields: z.array(columnName).min(1).max(256).describe('Columns that become fields (values), e.g. ["avg_temperature"]'),
  })
  .refine((write) => !write.fields.some((field) => write.tags.includes(field)), { message: 'a column is a tag or a field, not both', path: ['fields'] });

export const timeSeriesWriteSink = defineComponent({
  name: 'sink.timeseries-write',
  category: 'sink',
  title: 'Write to a measurement',
  description:
    'Writes rows to a derived measurement of the tenant\'s time-series store: `time` (epoch ms) is the timestamp, `tags` ' +
    'columns say which thing, `fields` columns hold the values (rows without any field value are skipped). The measurement ' +
    'is registered in the schema registry on first write and lineage records this pipeline as its source. Passes its rows on, ' +
    'so a later stage can also read what was written.',
  config,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [{ title: '1-minute averages per oven', with: { measurement: 'oven_1m', tags: ['machine'], fields: ['avg_temperature'] } }],
  async run(context, inputs) {
    const rows = inputs[0]?.rows ?? [];
    await context.services.writeTimeSeries({ measurement: context.config.measurement, tagColumns: context.config.tags, fieldColumns: context.config.fields, rows }, context.signal);
    return { rows };
  },
  stream(context, restored) {
    // Emissions are numbered in the checkpointed state, so a replay after a crash writes under the same numbers and the store drops what it has.
    let emissions = typeof restored === 'number' ? restored : 0;
    return {
      process: async (_inputRef, rows) => {
        if (rows.length === 0) return { rows };
        emissions++;
        await context.services.writeTimeSeries(
          {
            measurement: context.config.measurement,
            tagColumns: context.config.tags,
            fieldColumns: context.config.fields,
            rows,
            batch: { source: `pipeline:${context.pipelineId}/${context.stageId}`, seq: emissions },
          },
          context.signal,
        );
        return { rows };
      },
      advance: () => ({ rows: [] }),
      snapshot: () => emissions,
    };
  },
});
