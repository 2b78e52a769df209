import { DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteLiteral, TIME_COLUMN } from '../identifiers.ts';
import { LEDGER_SCHEMA } from './batch-ledger.ts';
import { readTables } from './table-schema.ts';

/**
 * The layout for one-series-over-a-time-range queries: rows arrive in time order, every
 * series interleaved with every other, so a query for one machine over an hour reads every
 * row of that hour. Once a time window of a measurement is closed, its rows are rewritten
 * sorted by (tags in column order, time), one transaction per window: the window's row
 * groups then each hold a few series, and DuckDB's zone maps (min/max per row group) skip
 * the others. The table stays one table, so the SQL and the data model do not change.
 *
 * Safe beside writes and reads: compaction runs on the writer's connection between two
 * commit groups, so no write can interleave with it, and its transaction (copy, delete,
 * insert the copy) commits whole or not at all; a read sees the window before or after
 * (MVCC), never both or neither. The counts deleted and inserted must agree or it rolls back.
 *
 * Compacted windows are recorded in `_facilflow.compacted_windows` with the window length
 * they were cut with. A point that arrives later into a compacted window is stored unsorted
 * and marks the window for another compaction (in memory: after a reopen, such rows stay
 * unsorted until the next late point), which costs pruning, never correctness. Only windows
 * that hold rows are visited, however far apart the points of a measurement are in time.
 */
const WINDOWS_TABLE = 'compacted_windows';
const WINDOWS = `${quoteIdentifier(LEDGER_SCHEMA)}.${quoteIdentifier(WINDOWS_TABLE)}`;
const COPY_TABLE = 'ff_compaction_copy';

/** 6 hours: 2.2 million rows for 1,000 series at 10 s, sorted in about a second here. */
export const DEFAULT_COMPACTION_WINDOW_MS = 6 * 3600_000;

export interface CompactedWindow {
  measurement: string;
  /** Epoch milliseconds. */
  start: number;
  rows: number;
}

/** Windows of each measurement holding unsorted rows, and its newest time. */
interface MeasurementWindows {
  unsorted: Set<number>;
  newest: number;
}

/**
 * The windows a committed write group put rows in: staged with the group, handed to the
 * compactor once it has committed, so a window is compacted only with rows that are stored.
 */
export class WrittenWindows {
  readonly byMeasurement = new Map<string, MeasurementWindows>();

  constructor(private readonly windowMs: number) {}

  /** `time` as a point gives it: epoch milliseconds, maybe with decimals. */
  add(measurement: string, time: number): void {
    // From whole microseconds, as stored: a window's start is then a whole millisecond.
    const start = Math.floor(Math.round(time * 1000) / (this.windowMs * 1000)) * this.windowMs;
    const windows = this.byMeasurement.get(measurement);
    if (windows === undefined) this.byMeasurement.set(measurement, { unsorted: new Set([start]), newest: time });
    else {
      windows.unsorted.add(start);
      if (time > windows.newest) windows.newest = time;
    }
  }
}

export class Compactor {
  private readonly measurements = new Map<string, MeasurementWindows>();
  /** Whether the windows of the rows stored before the open have been read (on the first compaction). */
  private loaded = false;

  private constructor(
    readonly windowMs: number,
    /** Windows compacted already, per measurement, from `_facilflow.compacted_windows`. */
    private readonly compacted: Map<string, Set<number>>,
  ) {}

  static async load(connection: DuckDBConnection, windowMs: number): Promise<Compactor> {
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${WINDOWS} (measurement VARCHAR NOT NULL, window_start TIMESTAMP NOT NULL, window_ms BIGINT NOT NULL, row_count BIGINT NOT NULL, compacted_at TIMESTAMP NOT NULL)`,
    );
    const compacted = new Map<string, Set<number>>();
    const reader = await connection.runAndReadAll(`SELECT measurement, epoch_ms(window_start) FROM ${WINDOWS} WHERE window_ms = ${windowMs}`);
    for (const [measurement, start] of reader.getRows()) {
      const windows = compacted.get(String(measurement)) ?? new Set<number>();
      windows.add(Number(start));
      compacted.set(String(measurement), windows);
    }
    return new Compactor(windowMs, compacted);
  }

  windowsFor(): WrittenWindows {
    return new WrittenWindows(this.windowMs);
  }

  /** A committed group's windows: unsorted now, compacted or not before. */
  noteCommitted(written: WrittenWindows): void {
    for (const [measurement, windows] of written.byMeasurement) {
      const known = this.measurementOf(measurement);
      for (const start of windows.unsorted) known.unsorted.add(start);
      if (windows.newest > known.newest) known.newest = windows.newest;
    }
  }

  /** True when a window may be due: always before the stored windows have been read. */
  get mayBeDue(): boolean {
    return !this.loaded || this.nextDue() !== undefined;
  }

  /**
   * Compacts the oldest closed window holding unsorted rows, in its own transaction on the
   * writer's connection. Undefined when none is due.
   */
  async compactNext(writer: DuckDBConnection): Promise<CompactedWindow | undefined> {
    if (!this.loaded) await this.loadStoredWindows(writer);
    const due = this.nextDue();
    if (due === undefined) return undefined;
    const rows = await compactWindow(writer, due.measurement, due.start, this.windowMs);
    this.measurementOf(due.measurement).unsorted.delete(due.start);
    return { ...due, rows };
  }

  /**
   * Retention deleted the measurement's rows older than `before` (epoch ms), in the writer's
   * open transaction: windows that ended by then hold nothing, so neither their records nor
   * their pending passes are kept.
   */
  async forgetBefore(writer: DuckDBConnection, measurement: string, before: number): Promise<void> {
    await writer.run(`DELETE FROM ${WINDOWS} WHERE measurement = ${quoteLiteral(measurement)} AND epoch_ms(window_start) + window_ms <= ${before}`);
    const ended = (start: number): boolean => start + this.windowMs <= before;
    for (const start of this.measurements.get(measurement)?.unsorted ?? []) if (ended(start)) this.measurements.get(measurement)!.unsorted.delete(start);
    for (const start of this.compacted.get(measurement) ?? []) if (ended(start)) this.compacted.get(measurement)!.delete(start);
  }

  private nextDue(): { measurement: string; start: number } | undefined {
    for (const [measurement, windows] of this.measurements) {
      // A window is closed once the newest point is past its end by a twelfth of a window:
      // points arrive that late only rarely, and those that do are compacted again.
      const closedBefore = windows.newest - this.windowMs / 12;
      let oldest: number | undefined;
      for (const start of windows.unsorted) if (start + this.windowMs <= closedBefore && (oldest === undefined || start < oldest)) oldest = start;
      if (oldest !== undefined) return { measurement, start: oldest };
    }
    return undefined;
  }

  /**
   * The windows of the rows stored before the open, less those compacted then. Only committed
   * tables are read: the writer's schema may hold tables a staged group has yet to create.
   */
  private async loadStoredWindows(connection: DuckDBConnection): Promise<void> {
    const time = quoteIdentifier(TIME_COLUMN);
    for (const table of await readTables(connection)) {
      const reader = await connection.runAndReadAll(
        `SELECT epoch_ms(${time}) // ${this.windowMs} * ${this.windowMs} AS start, max(epoch_ms(${time})) FROM ${quoteIdentifier(table.name)} GROUP BY start`,
      );
      const known = this.measurementOf(table.name);
      const compacted = this.compacted.get(table.name);
      for (const [start, newest] of reader.getRows()) {
        if (compacted?.has(Number(start)) !== true) known.unsorted.add(Number(start));
        if (Number(newest) > known.newest) known.newest = Number(newest);
      }
    }
    this.loaded = true;
  }

  private measurementOf(measurement: string): MeasurementWindows {
    let windows = this.measurements.get(measurement);
    if (windows === undefined) {
      windows = { unsorted: new Set(), newest: -Infinity };
      this.measurements.set(measurement, windows);
    }
    return windows;
  }
}

/** Rewrites one window of one measurement sorted by (tags, time); returns its row count. */
async function compactWindow(writer: DuckDBConnection, measurement: string, start: number, windowMs: number): Promise<number> {
  // Committed columns, for the same reason as in loadStoredWindows.
  const table = (await readTables(writer)).find((stored) => stored.name === measurement)!;
  const name = quoteIdentifier(measurement);
  const time = quoteIdentifier(TIME_COLUMN);
  const windowStart = `make_timestamp(${start * 1000})`;
  const inWindow = `${time} >= ${windowStart} AND ${time} < make_timestamp(${(start + windowMs) * 1000})`;
  const order = [...table.columns.filter((column) => column.role === 'tag').map((column) => quoteIdentifier(column.name)), time].join(', ');
  const sameWindow = `measurement = ${quoteLiteral(measurement)} AND window_start = ${windowStart} AND window_ms = ${windowMs}`;
  await writer.run('BEGIN TRANSACTION');
  try {
    await writer.run(`CREATE TEMP TABLE ${COPY_TABLE} AS SELECT * FROM ${name} WHERE ${inWindow} ORDER BY ${order}`);
    const copied = Number((await writer.runAndReadAll(`SELECT count(*) FROM temp.main.${COPY_TABLE}`)).getRows()[0]![0]);
    const deleted = (await writer.run(`DELETE FROM ${name} WHERE ${inWindow}`)).rowsChanged;
    const inserted = (await writer.run(`INSERT INTO ${name} SELECT * FROM temp.main.${COPY_TABLE}`)).rowsChanged;
    if (copied !== deleted || inserted !== deleted) {
      throw new Error(`compaction of ${measurement} at ${new Date(start).toISOString()} moved ${inserted} of ${deleted} rows (copied ${copied})`);
    }
    await writer.run(`DROP TABLE temp.main.${COPY_TABLE}`);
    // A window compacted again (late points) keeps one record.
    await writer.run(`DELETE FROM ${WINDOWS} WHERE ${sameWindow}`);
    const appender = await writer.createAppender(WINDOWS_TABLE, LEDGER_SCHEMA);
    appender.appendVarchar(measurement);
    appender.appendTimestamp(new DuckDBTimestampValue(BigInt(start) * 1000n));
    appender.appendBigInt(BigInt(windowMs));
    appender.appendBigInt(BigInt(inserted));
    appender.appendTimestamp(new DuckDBTimestampValue(BigInt(Date.now()) * 1000n));
    appender.endRow();
    appender.closeSync();
    await writer.run('COMMIT');
    return inserted;
  } catch (error) {
    await writer.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
