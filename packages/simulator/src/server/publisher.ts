import { DataType, StatusCodes, Variant, type UAVariable } from 'node-opcua';
import { sampleIndexAt, type TagValue } from '../behaviors/index.ts';
import type { PlantClock } from '../clock.ts';
import type { TagDataType } from '../plant-model.ts';

/**
 * Pushes each variable's current sample into node-opcua (setValueFromSource) as the plant clock
 * crosses sample boundaries. Variables are batched per sampling interval: one timer per distinct
 * interval, never one per tag, and a large batch (50,000 bench tags) is written in slices so the
 * event loop keeps serving clients in between.
 *
 * Why push rather than bind a getter: a getter costs nothing until a client watches, but
 * node-opcua reads a bound variable through its asynchronous refresh path, which clones, re-checks
 * and re-emits the value on every sample — measured about twice the cost per monitored sample of
 * setValueFromSource plus a plain read. The simulator exists to be watched, so pushing is cheaper
 * where it matters, and it lets clients subscribe exception-based (see MinimumSamplingInterval).
 */
export interface Publisher {
  /** Registers a variable and writes its current sample at once, so it never reads as empty. */
  add(intervalMs: number, variable: UAVariable, dataType: TagDataType, sample: (k: number) => TagValue): void;
  start(): void;
  stop(): void;
}

/**
 * The MinimumSamplingInterval of every pushed variable: 0, exception-based. A client asking for
 * sampling interval 0 gets each change (node-opcua coalesces over its 100 ms MinSupportedSampleRate);
 * one asking for an interval is sampled at it.
 */
export const EXCEPTION_BASED = 0;

/** No bucket is written more often than this (wall ms); node-opcua samples no faster either. */
const MIN_WALL_TICK_MS = 50;
/** Writes per event-loop turn within one bucket. */
const SLICE = 2000;

const OPCUA_DATA_TYPES: Readonly<Record<TagDataType, DataType>> = {
  Double: DataType.Double,
  UInt32: DataType.UInt32,
  Boolean: DataType.Boolean,
  String: DataType.String,
};

interface Entry {
  variable: UAVariable;
  dataType: DataType;
  sample: (k: number) => TagValue;
}

interface Bucket {
  intervalMs: number;
  entries: Entry[];
  lastK: number;
}

export function createPublisher(clock: PlantClock): Publisher {
  const buckets = new Map<number, Bucket>();
  const timers = new Set<NodeJS.Timeout>();
  const immediates = new Set<NodeJS.Immediate>();
  let running = false;

  const write = (entry: Entry, k: number, timestamp: Date) => {
    // setValueFromSource stamps source and server timestamp alike: both are the sample's simulated time.
    entry.variable.setValueFromSource(new Variant({ dataType: entry.dataType, value: entry.sample(k) }), StatusCodes.Good, timestamp);
  };
  const later = (delayMs: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, delayMs);
    timers.add(timer);
  };
  const soon = (run: () => void) => {
    const immediate = setImmediate(() => {
      immediates.delete(immediate);
      run();
    });
    immediates.add(immediate);
  };

  const tick = (bucket: Bucket) => {
    if (!running) return;
    const k = sampleIndexAt(clock.elapsedMs(), bucket.intervalMs);
    const scheduleNext = () => {
      if (!running) return;
      // Wake just after the next boundary (+1 ms: a timer may fire on the boundary's millisecond), at most every MIN_WALL_TICK_MS;
      // at high speed several samples pass between writes and only the latest is published.
      const untilNextMs = ((k + 1) * bucket.intervalMs - clock.elapsedMs()) / clock.speed;
      later(Math.max(MIN_WALL_TICK_MS, Math.ceil(untilNextMs) + 1), () => tick(bucket));
    };
    if (k === bucket.lastK) {
      scheduleNext();
      return;
    }
    bucket.lastK = k;
    const timestamp = new Date(clock.startMs + k * bucket.intervalMs);
    const writeFrom = (from: number) => {
      if (!running) return;
      const end = Math.min(bucket.entries.length, from + SLICE);
      for (let i = from; i < end; i += 1) {
        const entry = bucket.entries[i];
        if (entry) write(entry, k, timestamp);
      }
      if (end < bucket.entries.length) soon(() => writeFrom(end));
      else scheduleNext();
    };
    writeFrom(0);
  };

  return {
    add(intervalMs, variable, dataType, sample) {
      let bucket = buckets.get(intervalMs);
      if (!bucket) {
        bucket = { intervalMs, entries: [], lastK: -1 };
        buckets.set(intervalMs, bucket);
      }
      const entry = { variable, dataType: OPCUA_DATA_TYPES[dataType], sample };
      bucket.entries.push(entry);
      const k = sampleIndexAt(clock.elapsedMs(), intervalMs);
      write(entry, k, new Date(clock.startMs + k * intervalMs));
    },
    start() {
      if (running) return;
      running = true;
      for (const bucket of buckets.values()) tick(bucket);
    },
    stop() {
      running = false;
      for (const timer of timers) clearTimeout(timer);
      for (const immediate of immediates) clearImmediate(immediate);
      timers.clear();
      immediates.clear();
    },
  };
}
