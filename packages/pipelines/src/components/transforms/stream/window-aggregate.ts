import { defineComponent } from '../../component.ts';
import { sortByEventTime } from '../../../event-time/row-values.ts';
import { windowAggregateConfigSchema } from './window-aggregate-config.ts';
import { WindowAggregator, windowAggregateStateSchema } from './window-aggregator.ts';

export const windowAggregateComponent = defineComponent({
  name: 'transform.window-aggregate',
  category: 'transform',
  title: 'Window aggregate',
  description: [
    'Aggregates rows over event-time windows per key: the 1-minute average temperature per oven, the 15-minute max pressure per pump, the total count per shift.',
    'Use it to downsample telemetry, or before an event/threshold stage so it sees one value per window instead of every sample.',
    'Windows: tumbling (back to back, e.g. {"type":"tumbling","sizeMs":60000}), sliding ({"type":"sliding","sizeMs":300000,"slideMs":60000}) or session (per key, ended by a gap with no rows: {"type":"session","gapMs":600000}). Fixed windows align to the epoch (whole minutes, hours in UTC).',
    'Outputs one row per key and window that had at least one row (empty windows emit nothing): {time: window start, windowEnd, ...groupBy columns, ...one column per aggregation, revision}. Nulls are skipped by the aggregations; count without a field counts rows.',
    'Event time: the watermark is the newest row time minus maxOutOfOrderMs, or what the executor announces when a source goes idle; a window is emitted once the watermark reaches its end. A late row arriving within allowedLatenessMs after that updates the window and the whole window is emitted again as a correction with revision 1, 2, … (same time and keys: it replaces the earlier row). Rows later than that go unchanged to the "late" port (read it as "stageId.late"). A late row that bridges two sessions already emitted merges them into a revision of the earlier one; the later session\'s row is not retracted.',
    'Batch mode sorts the rows by time and emits every window, the same rows a stream of the same data would give when nothing arrives later than maxOutOfOrderMs.',
    'Example: {"window":{"type":"tumbling","sizeMs":60000},"groupBy":["machine"],"aggregations":[{"as":"avgTemp","fn":"avg","field":"ZoneTemperature1"}]} turns {time, machine:"Oven2", ZoneTemperature1:231.4} samples into {time, windowEnd, machine:"Oven2", avgTemp:230.9, revision:0} each minute.',
  ].join('\n'),
  config: windowAggregateConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows', extra: () => ['late'] },
  modes: ['batch', 'stream'],
  examples: [
    {
      title: '1-minute average oven temperature per oven',
      with: {
        window: { type: 'tumbling', sizeMs: 60_000 },
        groupBy: ['machine'],
        aggregations: [
          { as: 'avgTemp', fn: 'avg', field: 'ZoneTemperature1' },
          { as: 'maxTemp', fn: 'max', field: 'ZoneTemperature1' },
          { as: 'samples', fn: 'count' },
        ],
        maxOutOfOrderMs: 5_000,
        allowedLatenessMs: 60_000,
      },
    },
  ],
  async run(context, inputs) {
    const aggregator = new WindowAggregator(context.config);
    const processed = aggregator.process(sortByEventTime(inputs.flatMap((input) => input.rows)));
    const closed = aggregator.advance(Number.POSITIVE_INFINITY);
    return { rows: [...processed.rows, ...closed.rows], ports: { late: processed.ports?.late ?? [] } };
  },
  stream(context, restored) {
    const aggregator = new WindowAggregator(context.config, restored === undefined || restored === null ? undefined : windowAggregateStateSchema.parse(restored));
    return {
      process: (_inputRef, rows) => aggregator.process(rows),
      advance: (watermark) => aggregator.advance(watermark),
      snapshot: () => aggregator.snapshot(),
    };
  },
});
