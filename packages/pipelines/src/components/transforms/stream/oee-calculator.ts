import { type PipelineRow, pipelineScalarSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { compareKeyIds, keyColumns, partitionKeyOf } from '../../../event-time/keys.ts';
import { eventTimeOf, numberOrNull, scalarOrNull } from '../../../event-time/row-values.ts';
import { checkBufferedRows, checkKeyCount } from '../../../event-time/state-limits.ts';
import { windowStartOf } from '../../../event-time/window-assignment.ts';

export interface OeeConfig {
  groupBy: string[];
  windowMs: number;
  totalCountField: string;
  goodCountField: string;
  stateField: string;
  runningStates: string[];
  plannedStopStates: string[];
  idealCycleTimeMs: number;
  counterWrapAt?: number | undefined;
  maxKeys: number;
  maxBufferedRows: number;
}

const windowTotalsSchema = z.object({ start: z.number(), runMs: z.number(), plannedMs: z.number(), total: z.number(), good: z.number() });
type WindowTotals = z.infer<typeof windowTotalsSchema>;

export const oeeKeyStateSchema = z.object({
  values: z.array(pipelineScalarSchema),
  /** Event time the machine state has been accounted up to. */
  accountedTo: z.number(),
  machineState: z.string().nullable(),
  lastTotal: z.number().nullable(),
  lastGood: z.number().nullable(),
  windows: z.array(windowTotalsSchema),
});
type KeyState = z.infer<typeof oeeKeyStateSchema>;

/**
 * OEE per key and tumbling window, from rows given in event-time order. A machine state holds from
 * its row until the next one (report by exception), so time is accounted up to the watermark even
 * when a machine sends nothing. Counter readings are cumulative: a window gets the pieces counted
 * between the previous reading and each reading inside it.
 */
export class OeeCalculator {
  private readonly keys = new Map<string, KeyState>();
  private openWindows = 0;
  /** No window can be due before this; spares accounting every key on each chunk. */
  private nextDue = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: OeeConfig,
    restored: readonly KeyState[] = [],
  ) {
    for (const key of restored) {
      this.keys.set(JSON.stringify(key.values), key);
      this.openWindows += key.windows.length;
    }
  }

  add(row: PipelineRow): void {
    const time = eventTimeOf(row);
    const key = partitionKeyOf(row, this.config.groupBy);
    let state = this.keys.get(key.id);
    if (state === undefined) {
      state = { values: key.values, accountedTo: time, machineState: null, lastTotal: null, lastGood: null, windows: [] };
      this.keys.set(key.id, state);
      checkKeyCount(this.keys.size, this.config.maxKeys);
    }
    this.accountTime(state, time);
    const window = this.windowAt(state, time);
    this.nextDue = Math.min(this.nextDue, window.start + this.config.windowMs);
    const total = numberOrNull(row, this.config.totalCountField);
    if (total !== null) {
      if (state.lastTotal !== null) window.total += this.piecesBetween(state.lastTotal, total);
      state.lastTotal = total;
    }
    const good = numberOrNull(row, this.config.goodCountField);
    if (good !== null) {
      if (state.lastGood !== null) window.good += this.piecesBetween(state.lastGood, good);
      state.lastGood = good;
    }
    const machineState = scalarOrNull(row, this.config.stateField);
    if (machineState !== null) state.machineState = String(machineState);
  }

  /**
   * Accounts every key's state up to `until` and returns the windows ending at or before it (with
   * `includePartial`, also the one `until` falls in: a batch range that ends mid-window).
   */
  close(until: number, includePartial: boolean): PipelineRow[] {
    if (!includePartial && until < this.nextDue) return [];
    const out: { keyId: string; window: WindowTotals; row: PipelineRow }[] = [];
    let nextDue = Number.POSITIVE_INFINITY;
    for (const [keyId, state] of this.keys) {
      this.accountTime(state, until);
      const kept: WindowTotals[] = [];
      for (const window of state.windows) {
        const due = window.start + this.config.windowMs <= until || (includePartial && window.start < until);
        if (due) out.push({ keyId, window, row: this.resultRow(state, window) });
        else kept.push(window);
      }
      this.openWindows -= state.windows.length - kept.length;
      state.windows = kept;
      // The next window this key can close: its first open one, or the one its held state runs into.
      const pendingStart = kept[0]?.start ?? (state.machineState === null ? null : windowStartOf(state.accountedTo, this.config.windowMs));
      if (pendingStart !== null) nextDue = Math.min(nextDue, pendingStart + this.config.windowMs);
    }
    this.nextDue = nextDue;
    return out.sort((a, b) => a.window.start - b.window.start || compareKeyIds(a.keyId, b.keyId)).map(({ row }) => row);
  }

  snapshot(): KeyState[] {
    return structuredClone([...this.keys.values()]);
  }

  /** Splits the time since the key was last accounted over the windows it spans, by the state it was in. */
  private accountTime(state: KeyState, until: number): void {
    if (until <= state.accountedTo) return;
    const from = state.accountedTo;
    state.accountedTo = until;
    if (state.machineState === null) return;
    const planned = !this.config.plannedStopStates.includes(state.machineState);
    const running = planned && this.config.runningStates.includes(state.machineState);
    if (!planned) return;
    for (let start = windowStartOf(from, this.config.windowMs); start < until; start += this.config.windowMs) {
      const overlap = Math.min(until, start + this.config.windowMs) - Math.max(from, start);
      const window = this.windowAt(state, start);
      window.plannedMs += overlap;
      if (running) window.runMs += overlap;
    }
  }

  private windowAt(state: KeyState, time: number): WindowTotals {
    const start = windowStartOf(time, this.config.windowMs);
    let window = state.windows.find((candidate) => candidate.start === start);
    if (window === undefined) {
      window = { start, runMs: 0, plannedMs: 0, total: 0, good: 0 };
      state.windows.push(window);
      state.windows.sort((a, b) => a.start - b.start);
      this.openWindows += 1;
      checkBufferedRows(this.openWindows, this.config.maxBufferedRows);
    }
    return window;
  }

  /** A counter that went down wrapped (with counterWrapAt) or was reset to zero (without). */
  private piecesBetween(previous: number, current: number): number {
    if (current >= previous) return current - previous;
    return this.config.counterWrapAt === undefined ? current : this.config.counterWrapAt - previous + current;
  }

  private resultRow(state: KeyState, window: WindowTotals): PipelineRow {
    const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);
    return {
      time: window.start,
      windowEnd: window.start + this.config.windowMs,
      ...keyColumns(this.config.groupBy, state.values),
      availability: ratio(window.runMs, window.plannedMs),
      performance: ratio(this.config.idealCycleTimeMs * window.total, window.runMs),
      quality: ratio(window.good, window.total),
      // Equal to availability × performance × quality where all three exist, and 0 for a planned window with nothing made.
      oee: ratio(this.config.idealCycleTimeMs * window.good, window.plannedMs),
      runTimeMs: window.runMs,
      plannedTimeMs: window.plannedMs,
      totalCount: window.total,
      goodCount: window.good,
    };
  }
}
