import type { AgentConfig, FieldValue } from '@facilflow/contracts';
import type { TagBinding } from '../opcua/tag-binding.ts';
import { encodeBatchBody, type SeriesColumns } from './batch-body.ts';

export type BatchLimits = AgentConfig['batch'];

/** Receives a closed batch: its encoded body (see batch-body.ts), and how many points it holds. */
export type BatchSink = (body: Buffer, pointCount: number) => void;

/**
 * Gathers points into batches: a batch closes when it holds `maxPoints` or when its first point
 * has waited `maxDelayMs`, whichever comes first. Points go straight into their series' columns
 * (telemetry batch v2): each notification is one point, a time in its series' `times` and a value
 * in its field's column (null in the others), so a batch says each series' measurement, tags and
 * field names once however many points it holds.
 */
export class Batcher {
  #limits: BatchLimits;
  readonly #sink: BatchSink;
  #series = new Map<string, SeriesColumns>();
  #points = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(limits: BatchLimits, sink: BatchSink) {
    this.#limits = limits;
    this.#sink = sink;
  }

  add(binding: TagBinding, value: FieldValue, timeMs: number): void {
    const series = this.#series.get(binding.seriesKey);
    if (!series) {
      this.#series.set(binding.seriesKey, { binding, times: [timeMs], bindings: [binding], columns: [[value]] });
    } else {
      const row = series.times.length;
      series.times.push(timeMs);
      // A series has a few fields: a scan beats a map. Columns are padded with nulls when written to, and all of them once the batch closes, so a point costs one push per column it has a value in.
      let index = 0;
      while (index < series.bindings.length && series.bindings[index]!.field !== binding.field) index++;
      if (index === series.bindings.length) {
        series.bindings.push(binding);
        series.columns.push([]);
      }
      const column = series.columns[index]!;
      while (column.length < row) column.push(null);
      column.push(value);
    }
    this.#points++;
    if (this.#points >= this.#limits.maxPoints) this.flush();
    else if (this.#timer === null) this.#timer = setTimeout(() => this.flush(), this.#limits.maxDelayMs);
  }

  /** Closes the current batch now, if it has any point. */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#points === 0) return;
    const series = [...this.#series.values()];
    const count = this.#points;
    this.#series = new Map();
    this.#points = 0;
    for (const one of series) {
      for (const column of one.columns) while (column.length < one.times.length) column.push(null);
    }
    this.#sink(encodeBatchBody(series, this.#limits.encoding), count);
  }

  setLimits(limits: BatchLimits): void {
    this.#limits = limits;
    if (this.#points >= limits.maxPoints) this.flush();
  }
}
