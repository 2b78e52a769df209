import { z } from 'zod';
import { groupBySchema } from '../../../event-time/keys.ts';
import { OrderedInput, orderedInputStateSchema } from '../../../event-time/ordered-input.ts';
import { sortByEventTime } from '../../../event-time/row-values.ts';
import { stateLimitsShape } from '../../../event-time/state-limits.ts';
import { maxOutOfOrderSchema } from '../../../event-time/watermark.ts';
import { defineComponent } from '../../component.ts';
import { AnomalyScorer, anomalyKeyStateSchema } from './anomaly-scorer.ts';

export const anomalyScoreConfigSchema = z.object({
  fields: z.array(z.string().min(1).max(128)).min(1).max(32).describe('Numeric columns to score, e.g. ["ZoneTemperature1"]'),
  groupBy: groupBySchema,
  methods: z
    .array(z.enum(['zscore', 'ewma']))
    .min(1)
    .default(['zscore', 'ewma'])
    .describe('zscore: against the mean and spread of the previous windowSize values; ewma: against an exponentially weighted mean and variance'),
  windowSize: z.number().int().min(2).max(10_000).default(60).describe('How many previous values (per key and field) the z-score compares with'),
  alpha: z.number().gt(0).lt(1).default(0.1).describe('EWMA weight of the newest value (0..1): higher follows changes faster'),
  minSamples: z.number().int().min(1).max(10_000).default(10).describe('Values a key must have had before it is scored; earlier rows score null'),
  threshold: z.number().positive().max(1000).default(3).describe('A row is an anomaly when any |score| reaches this many standard deviations'),
  maxOutOfOrderMs: maxOutOfOrderSchema,
  ...stateLimitsShape,
});

const anomalyScoreStateSchema = z.object({ input: orderedInputStateSchema, keys: z.array(anomalyKeyStateSchema) });

export const anomalyScoreComponent = defineComponent({
  name: 'transform.anomaly-score',
  category: 'transform',
  title: 'Anomaly score',
  description: [
    'Scores how unusual each value is for its key (machine, sensor), from the values before it: a z-score over a rolling window of the previous windowSize values, and a score against an EWMA (exponentially weighted moving average and variance, weight alpha).',
    'Use it to flag drifting or spiking sensors without fixed limits, then route rows with anomaly = true to an event.',
    'Each input row comes out once with, per scored field F, the columns F_zscore, F_ewma (the smoothed mean before this value) and F_ewma_score, and a boolean anomaly (true when any |score| >= threshold). Scores are null until the key has minSamples values, when the window has no spread, and for a null value (which leaves the state as it was).',
    'Stream mode scores in event-time order: rows wait up to maxOutOfOrderMs (or until the executor advances the watermark) and rows behind the watermark go unchanged to the "late" port. Batch mode sorts by time and gives the same rows.',
    'Example: {"fields":["Vibration"],"groupBy":["machine"],"windowSize":120,"threshold":4} adds Vibration_zscore, Vibration_ewma, Vibration_ewma_score and anomaly to each row.',
  ].join('\n'),
  config: anomalyScoreConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows', extra: () => ['late'] },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Vibration spikes per machine', with: { fields: ['Vibration'], groupBy: ['machine'], windowSize: 120, alpha: 0.05, threshold: 4 } }],
  async run(context, inputs) {
    const scorer = new AnomalyScorer(context.config);
    return { rows: sortByEventTime(inputs.flatMap((input) => input.rows)).map((row) => scorer.score(row)), ports: { late: [] } };
  },
  stream(context, restored) {
    const state = restored === undefined || restored === null ? undefined : anomalyScoreStateSchema.parse(restored);
    const input = new OrderedInput(context.config.maxOutOfOrderMs, context.config.maxBufferedRows, state?.input);
    const scorer = new AnomalyScorer(context.config, state?.keys);
    return {
      process(_inputRef, rows) {
        const { ready, late } = input.accept(rows);
        return { rows: ready.map((row) => scorer.score(row)), ports: { late } };
      },
      advance: (watermark) => ({ rows: input.advance(watermark).map((row) => scorer.score(row)), ports: { late: [] } }),
      snapshot: () => ({ input: input.snapshot(), keys: scorer.snapshot() }),
    };
  },
});
