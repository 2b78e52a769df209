import { type PipelineRow, pipelineScalarSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { compareKeyIds, keyColumns, partitionKeyOf } from '../../../event-time/keys.ts';
import { eventTimeOf, numberOrNull, RowValueError } from '../../../event-time/row-values.ts';
import { checkBufferedRows, checkKeyCount } from '../../../event-time/state-limits.ts';
import { gridPointAtOrAfter } from '../../../event-time/window-assignment.ts';

export interface ResampleConfig {
  fields: string[];
  groupBy: string[];
  intervalMs: number;
  method: 'previous' | 'linear' | 'none';
  maxGapMs: number;
  maxOutputRows: number;
  maxKeys: number;
  maxBufferedRows: number;
}

const sampleSchema = z.tuple([z.number(), z.number()]);
type Sample = z.infer<typeof sampleSchema>;

export const resampleKeyStateSchema = z.object({
  values: z.array(pipelineScalarSchema),
  /** The next grid point to emit. */
  nextGrid: z.number(),
  /** The latest row time of the key: the grid never runs past its data. */
  lastSeen: z.number(),
  /** Per field, [time, value] sorted by time; older samples than the one before nextGrid are dropped. */
  samples: z.record(z.string(), z.array(sampleSchema)),
});
type KeyState = z.infer<typeof resampleKeyStateSchema>;

/**
 * Puts each key's fields on a grid of `intervalMs` from the epoch, from the key's first row to its
 * last. A grid point is emitted only once no row still to come can change it: everything up to
 * it (and, for linear, up to the sample after it or the max gap) is behind the watermark.
 */
export class Resampler {
  private readonly keys = new Map<string, KeyState>();
  private samples = 0;

  constructor(
    private readonly config: ResampleConfig,
    restored: readonly KeyState[] = [],
  ) {
    for (const key of restored) {
      this.keys.set(JSON.stringify(key.values), key);
      for (const list of Object.values(key.samples)) this.samples += list.length;
    }
  }

  add(row: PipelineRow): void {
    const time = eventTimeOf(row);
    const key = partitionKeyOf(row, this.config.groupBy);
    let state = this.keys.get(key.id);
    if (state === undefined) {
      state = { values: key.values, nextGrid: gridPointAtOrAfter(time, this.config.intervalMs), lastSeen: time, samples: {} };
      this.keys.set(key.id, state);
      checkKeyCount(this.keys.size, this.config.maxKeys);
    }
    state.nextGrid = Math.min(state.nextGrid, gridPointAtOrAfter(time, this.config.intervalMs));
    state.lastSeen = Math.max(state.lastSeen, time);
    for (const field of this.config.fields) {
      const value = numberOrNull(row, field);
      if (value === null) continue;
      const list = (state.samples[field] ??= []);
      list.splice(insertionIndex(list, time), 0, [time, value]);
      this.samples += 1;
    }
    checkBufferedRows(this.samples, this.config.maxBufferedRows);
  }

  /** Every grid point the watermark has made final, by time then key. */
  emit(watermark: number): PipelineRow[] {
    const out: { keyId: string; row: PipelineRow }[] = [];
    for (const [keyId, state] of this.keys) {
      while (state.nextGrid <= state.lastSeen && this.isFinal(state, state.nextGrid, watermark)) {
        out.push({ keyId, row: this.gridRow(state, state.nextGrid) });
        if (out.length > this.config.maxOutputRows) throw new RowValueError(`resampling would emit more than ${this.config.maxOutputRows} rows at once: raise intervalMs or maxOutputRows`);
        state.nextGrid += this.config.intervalMs;
        this.prune(state);
      }
    }
    return out.sort((a, b) => Number(a.row.time) - Number(b.row.time) || compareKeyIds(a.keyId, b.keyId)).map(({ row }) => row);
  }

  snapshot(): KeyState[] {
    return structuredClone([...this.keys.values()]);
  }

  private isFinal(state: KeyState, grid: number, watermark: number): boolean {
    if (watermark <= grid) return false;
    if (this.config.method !== 'linear') return true;
    return this.config.fields.every((field) => {
      const next = (state.samples[field] ?? []).find(([time]) => time >= grid);
      return watermark > grid + this.config.maxGapMs || (next !== undefined && watermark > next[0]);
    });
  }

  private gridRow(state: KeyState, grid: number): PipelineRow {
    const row: PipelineRow = { time: grid, ...keyColumns(this.config.groupBy, state.values) };
    for (const field of this.config.fields) row[field] = this.valueAt(state.samples[field] ?? [], grid);
    return row;
  }

  private valueAt(samples: readonly Sample[], grid: number): number | null {
    const after = samples.findIndex(([time]) => time >= grid);
    const next = after < 0 ? undefined : samples[after];
    if (next !== undefined && next[0] === grid) return next[1];
    const previous = samples[(after < 0 ? samples.length : after) - 1];
    if (previous === undefined) return null;
    switch (this.config.method) {
      case 'none':
        return grid - previous[0] < this.config.intervalMs ? previous[1] : null;
      case 'previous':
        return grid - previous[0] <= this.config.maxGapMs ? previous[1] : null;
      case 'linear': {
        if (next === undefined || next[0] - previous[0] > this.config.maxGapMs) return null;
        return previous[1] + ((next[1] - previous[1]) * (grid - previous[0])) / (next[0] - previous[0]);
      }
    }
  }

  /** Keeps, per field, the last sample at or before the next grid point and all later ones. */
  private prune(state: KeyState): void {
    for (const list of Object.values(state.samples)) {
      let keepFrom = 0;
      while (keepFrom + 1 < list.length && (list[keepFrom + 1]?.[0] ?? Number.POSITIVE_INFINITY) <= state.nextGrid) keepFrom += 1;
      if (keepFrom > 0) {
        list.splice(0, keepFrom);
        this.samples -= keepFrom;
      }
    }
  }
}

/** After every sample at or before `time`, so equal times keep their arrival order. */
function insertionIndex(list: readonly Sample[], time: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((list[middle]?.[0] ?? 0) <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}
