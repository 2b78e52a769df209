import { z } from 'zod';
import { defineComponent } from '../component.ts';

const config = z.object({
  sql: z
    .string()
    .min(1)
    .max(20_000)
    .describe('One read-only SELECT on the tenant\'s measurements; $from and $to are the run\'s range (ISO 8601 timestamps), other $names come from `params`'),
  params: z
    .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .default({})
    .describe('Values bound to $name placeholders besides $from and $to'),
});

export const timeSeriesQuerySource = defineComponent({
  name: 'source.timeseries-query',
  category: 'source',
  title: 'Time-series query',
  description:
    "Reads rows from the tenant's time-series store with one SQL SELECT (the dialect telemetry.query speaks), bound to the " +
    "run's time range: use $from and $to in the WHERE clause so a cron firing or a backfill slice reads only its own range. " +
    'Outputs one row per result row, a `time` column as epoch milliseconds. Batch pipelines only: a stream pipeline starts from source.live-stream.',
  config,
  input: { kind: 'none', min: 0, max: 0 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [
    {
      title: 'Oven temperatures of the run\'s range',
      with: { sql: 'SELECT time, machine, ZoneTemperature1 FROM oven WHERE time >= $from AND time < $to ORDER BY time' },
    },
  ],
  async run(context) {
    const range = context.range;
    const bound = {
      ...context.config.params,
      from: range ? new Date(range.from).toISOString() : null,
      to: range ? new Date(range.to).toISOString() : null,
    };
    return { rows: await context.services.queryTimeSeries(context.config.sql, bound, context.signal) };
  },
});
