import type { PipelineRow, PipelineScalar } from '@facilflow/contracts';
import { pipelineScalarSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { partitionKeyOf } from '../../../event-time/keys.ts';
import { numberOrNull } from '../../../event-time/row-values.ts';
import { checkBufferedRows, checkKeyCount } from '../../../event-time/state-limits.ts';

export interface AnomalyScoreConfig {
  fields: string[];
  groupBy: string[];
  methods: ('zscore' | 'ewma')[];
  windowSize: number;
  alpha: number;
  minSamples: number;
  threshold: number;
  maxKeys: number;
  maxBufferedRows: number;
}

const fieldStateSchema = z.object({
  /** The last `windowSize` values, oldest first. */
  recent: z.array(z.number()),
  ewmaMean: z.number().nullable(),
  ewmaVariance: z.number(),
  seen: z.number().int().min(0),
});
type FieldState = z.infer<typeof fieldStateSchema>;

export const anomalyKeyStateSchema = z.object({ values: z.array(pipelineScalarSchema), fields: z.record(z.string(), fieldStateSchema) });
type KeyState = z.infer<typeof anomalyKeyStateSchema>;

/**
 * Scores rows in the order it is given them (event-time order: the caller sorts or reorders), per
 * key and field: a z-score against the previous `windowSize` values and a score against an
 * exponentially weighted mean and variance.
 */
export class AnomalyScorer {
  private readonly keys = new Map<string, KeyState>();
  private recentValues = 0;

  constructor(
    private readonly config: AnomalyScoreConfig,
    restored: readonly KeyState[] = [],
  ) {
    for (const key of restored) {
      this.keys.set(JSON.stringify(key.values), key);
      for (const field of Object.values(key.fields)) this.recentValues += field.recent.length;
    }
  }

  score(row: PipelineRow): PipelineRow {
    const key = partitionKeyOf(row, this.config.groupBy);
    let state = this.keys.get(key.id);
    if (state === undefined) {
      state = { values: key.values, fields: {} };
      this.keys.set(key.id, state);
      checkKeyCount(this.keys.size, this.config.maxKeys);
    }
    const scored: PipelineRow = { ...row };
    let anomaly = false;
    for (const field of this.config.fields) {
      const value = numberOrNull(row, field);
      const fieldState = (state.fields[field] ??= { recent: [], ewmaMean: null, ewmaVariance: 0, seen: 0 });
      const scores = this.scoreValue(fieldState, value);
      for (const [suffix, score] of Object.entries(scores)) {
        scored[`${field}_${suffix}`] = score;
        if (suffix !== 'ewma' && typeof score === 'number' && Math.abs(score) >= this.config.threshold) anomaly = true;
      }
    }
    scored.anomaly = anomaly;
    checkBufferedRows(this.recentValues, this.config.maxBufferedRows);
    return scored;
  }

  snapshot(): KeyState[] {
    return structuredClone([...this.keys.values()]);
  }

  /** The scores of one value against the state before it, then the state updated with it. A null value scores null and changes nothing. */
  private scoreValue(state: FieldState, value: number | null): Record<string, PipelineScalar> {
    const warm = state.seen >= this.config.minSamples;
    const scores: Record<string, PipelineScalar> = {};
    if (this.config.methods.includes('zscore')) scores.zscore = value === null || !warm ? null : zScore(value, state.recent);
    if (this.config.methods.includes('ewma')) {
      scores.ewma = state.ewmaMean;
      scores.ewma_score = value === null || !warm || state.ewmaMean === null || state.ewmaVariance <= 0 ? null : (value - state.ewmaMean) / Math.sqrt(state.ewmaVariance);
    }
    if (value === null) return scores;
    state.seen += 1;
    state.recent.push(value);
    this.recentValues += 1;
    if (state.recent.length > this.config.windowSize) {
      state.recent.shift();
      this.recentValues -= 1;
    }
    if (state.ewmaMean === null) {
      state.ewmaMean = value;
    } else {
      // West's incremental form: the variance follows the same weights as the mean.
      const difference = value - state.ewmaMean;
      const increment = this.config.alpha * difference;
      state.ewmaMean += increment;
      state.ewmaVariance = (1 - this.config.alpha) * (state.ewmaVariance + difference * increment);
    }
    return scores;
  }
}

/** Null when the window has no spread: a jump from a flat line has no finite z-score. */
function zScore(value: number, recent: readonly number[]): number | null {
  if (recent.length < 2) return null;
  let total = 0;
  for (const item of recent) total += item;
  const mean = total / recent.length;
  let squares = 0;
  for (const item of recent) squares += (item - mean) ** 2;
  const deviation = Math.sqrt(squares / (recent.length - 1));
  return deviation === 0 ? null : (value - mean) / deviation;
}
