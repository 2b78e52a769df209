import type { PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { groupBySchema } from '../../../event-time/keys.ts';
import { OrderedInput, orderedInputStateSchema } from '../../../event-time/ordered-input.ts';
import { eventTimeOf, sortByEventTime } from '../../../event-time/row-values.ts';
import { stateLimitsShape } from '../../../event-time/state-limits.ts';
import { windowStartOf } from '../../../event-time/window-assignment.ts';
import { maxOutOfOrderSchema } from '../../../event-time/watermark.ts';
import { defineComponent } from '../../component.ts';
import { OeeCalculator, oeeKeyStateSchema } from './oee-calculator.ts';

const column = z.string().min(1).max(128);
const states = z.array(z.string().min(1).max(64)).max(64);

export const oeeConfigSchema = z
  .object({
    groupBy: groupBySchema.describe('Key columns OEE is computed per, e.g. ["line", "machine"]'),
    windowMs: z.number().positive().max(31 * 86_400_000).describe('Tumbling window from the epoch, e.g. 3600000 for hourly OEE (UTC hours)'),
    totalCountField: column.describe('Cumulative counter of pieces made (good and bad), e.g. "TotalCount"'),
    goodCountField: column.describe('Cumulative counter of good pieces, e.g. "GoodCount"'),
    stateField: column.describe('Machine state column, e.g. "State" holding "running", "idle", "down"; the state holds until the next row that carries one'),
    runningStates: states.min(1).default(['running']).describe('States counted as run time'),
    plannedStopStates: states.default(['planned_stop', 'off']).describe('States outside planned production time (breaks, no order); every other state is planned time lost when not running'),
    idealCycleTimeMs: z.number().positive().max(86_400_000).describe('Ideal time per piece in ms, e.g. 2000 for 30 pieces a minute'),
    counterWrapAt: z.number().int().positive().optional().describe('Counters roll over to 0 at this value (e.g. 65536): a decrease is a wrap. Without it a decrease is a reset to 0'),
    maxOutOfOrderMs: maxOutOfOrderSchema,
    ...stateLimitsShape,
  })
  .refine((config) => !config.runningStates.some((state) => config.plannedStopStates.includes(state)), {
    message: 'a state cannot be both running and a planned stop',
    path: ['plannedStopStates'],
  });

const oeeStateSchema = z.object({ input: orderedInputStateSchema, latestRowTime: z.number().nullable(), keys: z.array(oeeKeyStateSchema) });

export const oeeComponent = defineComponent({
  name: 'transform.oee',
  category: 'transform',
  title: 'OEE',
  description: [
    'Computes Overall Equipment Effectiveness per line or machine and window from piece counters and the machine state: availability (run time / planned production time) × performance (ideal cycle time × pieces / run time) × quality (good / total pieces).',
    'Use it for shift or hourly OEE dashboards and for events when a line drops below target. Input rows carry the cumulative counters and/or the state column (a row may carry any of them).',
    'Planned production time is the time in any state but plannedStopStates; run time is the time in runningStates. A state holds from its row until the next state row; time before a key\'s first state is not counted. Counters are cumulative readings: a decrease is a reset to 0 (or a wrap with counterWrapAt), never negative pieces.',
    'Outputs one row per key and window: {time: window start, windowEnd, ...groupBy columns, availability, performance, quality, oee, runTimeMs, plannedTimeMs, totalCount, goodCount}; a ratio with a zero denominator is null (oee is 0 when time was planned and nothing good was made).',
    'Stream mode accounts time up to the watermark, so windows close while a machine in one state sends nothing; rows behind the watermark go to the "late" port. Batch mode counts up to the run\'s range end (or the end of the last row\'s window) and gives the same windows.',
    'Example: {"groupBy":["line"],"windowMs":3600000,"totalCountField":"Total","goodCountField":"Good","stateField":"State","idealCycleTimeMs":2000}.',
  ].join('\n'),
  config: oeeConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows', extra: () => ['late'] },
  modes: ['batch', 'stream'],
  examples: [
    {
      title: 'Hourly OEE per line from counters and machine states',
      with: { groupBy: ['line'], windowMs: 3_600_000, totalCountField: 'TotalCount', goodCountField: 'GoodCount', stateField: 'State', idealCycleTimeMs: 2000, counterWrapAt: 65_536 },
    },
  ],
  async run(context, inputs) {
    const rows = sortByEventTime(inputs.flatMap((input) => input.rows));
    const calculator = new OeeCalculator(context.config);
    for (const row of rows) calculator.add(row);
    const last = rows[rows.length - 1];
    if (last === undefined) return { rows: [], ports: { late: [] } };
    const until = context.range?.to ?? windowStartOf(eventTimeOf(last), context.config.windowMs) + context.config.windowMs;
    return { rows: calculator.close(until, true), ports: { late: [] } };
  },
  stream(context, restored) {
    const state = restored === undefined || restored === null ? undefined : oeeStateSchema.parse(restored);
    const config = context.config;
    const input = new OrderedInput(config.maxOutOfOrderMs, config.maxBufferedRows, state?.input);
    const calculator = new OeeCalculator(config, state?.keys);
    let latestRowTime = state?.latestRowTime ?? null;

    const emit = (ready: readonly PipelineRow[], late: PipelineRow[]) => {
      for (const row of ready) {
        calculator.add(row);
        latestRowTime = Math.max(latestRowTime ?? Number.NEGATIVE_INFINITY, eventTimeOf(row));
      }
      const watermark = input.watermark;
      if (watermark === Number.NEGATIVE_INFINITY) return { rows: [], ports: { late } };
      // The input has ended: close at the end of the last row's window, as a batch run would.
      const until = watermark === Number.POSITIVE_INFINITY ? (latestRowTime === null ? null : windowStartOf(latestRowTime, config.windowMs) + config.windowMs) : watermark;
      return { rows: until === null ? [] : calculator.close(until, false), ports: { late } };
    };

    return {
      process(_inputRef, rows) {
        const { ready, late } = input.accept(rows);
        return emit(ready, late);
      },
      advance: (watermark) => emit(input.advance(watermark), []),
      snapshot: () => ({ input: input.snapshot(), latestRowTime, keys: calculator.snapshot() }),
    };
  },
});
