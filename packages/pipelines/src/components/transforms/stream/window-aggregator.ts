import { type PipelineRow, type PipelineScalar, pipelineScalarSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { acceptsAnyScalar, aggregate } from '../../../event-time/aggregations.ts';
import { compareKeyIds, keyColumns, partitionKeyOf } from '../../../event-time/keys.ts';
import { eventTimeOf, numberOrNull, scalarOrNull } from '../../../event-time/row-values.ts';
import { checkBufferedRows, checkKeyCount } from '../../../event-time/state-limits.ts';
import { fixedWindowsFor } from '../../../event-time/window-assignment.ts';
import { WatermarkTracker, watermarkStateSchema } from '../../../event-time/watermark.ts';
import type { StageOutput } from '../../component.ts';
import type { WindowAggregateConfig } from './window-aggregate-config.ts';

/** A window still open, or closed but within allowed lateness. `entries` are [time, ...field values]. */
interface OpenWindow {
  start: number;
  end: number;
  entries: PipelineScalar[][];
  /** How many times the window has been emitted: the next emission's `revision`. */
  emitted: number;
}

interface KeyWindows {
  values: PipelineScalar[];
  windows: OpenWindow[];
}

export const windowAggregateStateSchema = z.object({
  watermark: watermarkStateSchema,
  keys: z.array(
    z.object({
      values: z.array(pipelineScalarSchema),
      windows: z.array(z.object({ start: z.number(), end: z.number(), emitted: z.number().int().min(0), entries: z.array(z.array(pipelineScalarSchema)) })),
    }),
  ),
});
export type WindowAggregateState = z.infer<typeof windowAggregateStateSchema>;

/**
 * The window engine both modes share: batch feeds it the rows sorted by time and then ends event
 * time; stream feeds it chunk by chunk. Rows are judged on time or late one by one, against the
 * watermark before them, so the chunking of a stream never changes what is late.
 */
export class WindowAggregator {
  private readonly tracker: WatermarkTracker;
  private readonly keys = new Map<string, KeyWindows>();
  /** The distinct input columns the aggregations read, in entry order after the time. */
  private readonly fields: string[];
  private readonly numericFields: Set<string>;
  private bufferedValues = 0;
  /** No window closes or expires before this watermark; spares a scan of every window per row. */
  private nextDeadline = Number.NEGATIVE_INFINITY;
  /** Emitted windows a late row changed since the last emission: re-emitted as a revision. */
  private readonly revised = new Set<OpenWindow>();

  constructor(
    private readonly config: WindowAggregateConfig,
    restored?: WindowAggregateState,
  ) {
    this.tracker = new WatermarkTracker(config.maxOutOfOrderMs, restored?.watermark);
    this.fields = [...new Set(config.aggregations.flatMap((spec) => (spec.field === undefined ? [] : [spec.field])))];
    this.numericFields = new Set(config.aggregations.filter((spec) => spec.field !== undefined && !acceptsAnyScalar(spec.fn)).map((spec) => spec.field ?? ''));
    for (const key of restored?.keys ?? []) {
      this.keys.set(JSON.stringify(key.values), { values: key.values, windows: key.windows.map((window) => ({ ...window, entries: window.entries.map((entry) => [...entry]) })) });
      for (const window of key.windows) this.bufferedValues += window.entries.length;
    }
  }

  process(rows: readonly PipelineRow[]): StageOutput {
    const emitted: PipelineRow[] = [];
    const late: PipelineRow[] = [];
    for (const row of rows) {
      const time = eventTimeOf(row);
      const entry: PipelineScalar[] = [time, ...this.fields.map((field) => (this.numericFields.has(field) ? numberOrNull(row, field) : scalarOrNull(row, field)))];
      if (this.isPastLateness(time)) {
        late.push(row);
        continue;
      }
      this.insert(row, time, entry);
      this.tracker.observe(time);
      emitted.push(...this.fire());
    }
    emitted.push(...this.emitRevisions());
    return { rows: emitted, ports: { late } };
  }

  advance(watermark: number): StageOutput {
    this.tracker.advanceTo(watermark);
    return { rows: this.fire(), ports: { late: [] } };
  }

  snapshot(): WindowAggregateState {
    return {
      watermark: this.tracker.snapshot(),
      keys: [...this.keys.values()].map((key) => ({
        values: key.values,
        windows: key.windows.map((window) => ({ start: window.start, end: window.end, emitted: window.emitted, entries: structuredClone(window.entries) })),
      })),
    };
  }

  /** A row whose every window has already been dropped (closed for longer than the allowed lateness). */
  private isPastLateness(time: number): boolean {
    const watermark = this.tracker.current;
    const lateness = this.config.allowedLatenessMs;
    const window = this.config.window;
    if (window.type === 'session') return time + window.gapMs + lateness <= watermark;
    const slide = window.type === 'sliding' ? window.slideMs : window.sizeMs;
    const lastEnd = Math.floor(time / slide) * slide + window.sizeMs;
    return lastEnd + lateness <= watermark;
  }

  private insert(row: PipelineRow, time: number, entry: PipelineScalar[]): void {
    const key = partitionKeyOf(row, this.config.groupBy);
    let state = this.keys.get(key.id);
    if (state === undefined) {
      state = { values: key.values, windows: [] };
      this.keys.set(key.id, state);
      checkKeyCount(this.keys.size, this.config.maxKeys);
    }
    const window = this.config.window;
    if (window.type === 'session') this.insertIntoSession(state, time, entry, window.gapMs);
    else this.insertIntoFixed(state, time, entry, window.sizeMs, window.type === 'sliding' ? window.slideMs : window.sizeMs);
    checkBufferedRows(this.bufferedValues, this.config.maxBufferedRows);
  }

  private insertIntoFixed(state: KeyWindows, time: number, entry: PipelineScalar[], sizeMs: number, slideMs: number): void {
    const watermark = this.tracker.current;
    for (const bounds of fixedWindowsFor(time, sizeMs, slideMs)) {
      if (bounds.end + this.config.allowedLatenessMs <= watermark) continue;
      let open = state.windows.find((candidate) => candidate.start === bounds.start);
      if (open === undefined) {
        open = { ...bounds, entries: [], emitted: 0 };
        state.windows.push(open);
        state.windows.sort((a, b) => a.start - b.start);
      }
      open.entries.push(entry);
      this.bufferedValues += 1;
      this.noteChanged(open);
    }
  }

  /** A row opens [time, time + gap) and merges with every session of its key that it overlaps. */
  private insertIntoSession(state: KeyWindows, time: number, entry: PipelineScalar[], gapMs: number): void {
    const overlapping = state.windows.filter((window) => window.start < time + gapMs && time < window.end);
    const merged: OpenWindow = {
      start: Math.min(time, ...overlapping.map((window) => window.start)),
      end: Math.max(time + gapMs, ...overlapping.map((window) => window.end)),
      entries: [...overlapping.flatMap((window) => window.entries), entry],
      emitted: Math.max(0, ...overlapping.map((window) => window.emitted)),
    };
    for (const window of overlapping) this.revised.delete(window);
    state.windows = [...state.windows.filter((window) => !overlapping.includes(window)), merged].sort((a, b) => a.start - b.start);
    this.bufferedValues += 1;
    this.noteChanged(merged);
  }

  private noteChanged(window: OpenWindow): void {
    if (window.emitted > 0) this.revised.add(window);
    this.nextDeadline = Math.min(this.nextDeadline, window.end);
  }

  /** Emits windows the watermark has closed and drops those past the allowed lateness. */
  private fire(): PipelineRow[] {
    const watermark = this.tracker.current;
    if (watermark < this.nextDeadline) return [];
    const lateness = this.config.allowedLatenessMs;
    const out: { keyId: string; window: OpenWindow; row: PipelineRow }[] = [];
    let nextDeadline = Number.POSITIVE_INFINITY;
    for (const [keyId, state] of this.keys) {
      const kept: OpenWindow[] = [];
      for (const window of state.windows) {
        if (window.end <= watermark && (window.emitted === 0 || this.revised.has(window))) out.push({ keyId, window, row: this.emit(state, window) });
        if (window.end + lateness <= watermark) {
          this.bufferedValues -= window.entries.length;
          continue;
        }
        kept.push(window);
        nextDeadline = Math.min(nextDeadline, window.emitted === 0 ? window.end : window.end + lateness);
      }
      state.windows = kept;
      if (kept.length === 0) this.keys.delete(keyId);
    }
    this.nextDeadline = nextDeadline;
    return sortEmissions(out);
  }

  private emitRevisions(): PipelineRow[] {
    if (this.revised.size === 0) return [];
    const out: { keyId: string; window: OpenWindow; row: PipelineRow }[] = [];
    for (const [keyId, state] of this.keys) {
      for (const window of state.windows) if (this.revised.has(window)) out.push({ keyId, window, row: this.emit(state, window) });
    }
    this.revised.clear();
    return sortEmissions(out);
  }

  private emit(state: KeyWindows, window: OpenWindow): PipelineRow {
    this.revised.delete(window);
    const entries = window.entries.map((entry, index) => ({ entry, index })).sort((a, b) => Number(a.entry[0]) - Number(b.entry[0]) || a.index - b.index);
    const row: PipelineRow = { time: window.start, windowEnd: window.end, ...keyColumns(this.config.groupBy, state.values) };
    for (const spec of this.config.aggregations) {
      const column = spec.field === undefined ? -1 : this.fields.indexOf(spec.field) + 1;
      const values = entries.map(({ entry }) => (column < 0 ? null : (entry[column] ?? null)));
      row[spec.as] = aggregate(spec.fn, values, column < 0);
    }
    row.revision = window.emitted;
    window.emitted += 1;
    return row;
  }
}

function sortEmissions(out: { keyId: string; window: OpenWindow; row: PipelineRow }[]): PipelineRow[] {
  return out.sort((a, b) => a.window.end - b.window.end || a.window.start - b.window.start || compareKeyIds(a.keyId, b.keyId)).map(({ row }) => row);
}
