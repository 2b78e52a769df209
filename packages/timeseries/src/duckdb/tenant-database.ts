import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { FacilFlowError, type TelemetryPoint } from '@facilflow/contracts';
import { ResultBudget } from '../result-budget.ts';
import type { BatchKey, Catalog, LatestFilter, LatestValue, QueryOptions, QueryResult, RetentionDeletion, WriteResult } from '../time-series-store.ts';
import { BatchLedger, DEFAULT_DEDUPE_WINDOW, type ClaimedKey } from './batch-ledger.ts';
import { readCatalog } from './catalog.ts';
import { Compactor, DEFAULT_COMPACTION_WINDOW_MS, type CompactedWindow, type WrittenWindows } from './compaction.ts';
import { LastValueBatch } from './last-value-batch.ts';
import { LastValueCache } from './last-value-cache.ts';
import { LatestValues } from './latest-values.ts';
import { ReaderPool } from './reader-pool.ts';
import { guardQuery } from './sql-guard.ts';
import { shadowWithheld, type ShadowedMeasurements } from './withheld-views.ts';
import { streamIntoBudget } from './streamed-query.ts';
import type { StagedTable } from './staged-table.ts';
import { copyTenantSnapshot, type TenantSnapshotSummary } from './tenant-snapshot.ts';
import { deleteRowsBefore } from './retention-delete.ts';
import { Schema, type Table } from './table-schema.ts';
import { WriteGroup } from './write-group.ts';

export interface DuckDbSettings {
  /** DuckDB `memory_limit` per tenant instance, e.g. '1GB'. */
  memoryLimit: string;
  /** DuckDB `threads` per tenant instance. */
  threads: number;
  /** WAL size that triggers a checkpoint, e.g. '256MB'. */
  checkpointThreshold: string;
  /** Per source, how many sequence numbers below the highest one a batch key is kept (exactly-once ingest). */
  dedupeWindow?: number;
  /** Bound of the last-value cache, in (series, field) values; see LastValueCache. */
  lastValueCacheEntries?: number;
  /** Length of the time windows compaction sorts by series (compaction.ts). */
  compactionWindowMs?: number;
}

/** 1,000 machines of 100 tags each; measured at about 200 bytes per value, i.e. ~20 MB per open tenant. */
export const DEFAULT_LAST_VALUE_CACHE_ENTRIES = 100_000;

interface PendingWrite {
  points: TelemetryPoint[];
  batch: BatchKey | undefined;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

/** Writes taken from the queue together, checked and staged for one transaction. */
interface StagedGroup {
  writes: PendingWrite[];
  batch: WriteGroup;
  results: WriteResult[];
  /** Batch keys this group records; claimed in the ledger until the group commits or fails. */
  claimed: ClaimedKey[];
  /** The newest value per series and field among the group's accepted points, for the cache once committed. */
  lastValues: LastValueBatch;
  /** The time windows its points fall in, unsorted once it commits (compaction.ts). */
  windows: WrittenWindows;
}

interface CompactionWaiter {
  resolve: (windows: CompactedWindow[]) => void;
  reject: (error: unknown) => void;
}

/**
 * A write group is closed at this many points: enough to amortize the commit's WAL
 * sync over many callers, few enough to keep one commit's latency and memory modest.
 */
const MAX_GROUP_POINTS = 200_000;

/**
 * One tenant's DuckDB file, open. Writes go through a single writer connection, one
 * transaction at a time: writes that arrive while a commit is in flight are committed
 * together next (group commit), so the WAL sync is paid once per group, not per call.
 * Reads get a connection of their own, so they never wait for the writer (MVCC).
 */
export class TenantDatabase {
  private readonly queue: PendingWrite[] = [];
  private writing = false;
  /** Staged tables of the last appended group, whose buffers the next group reuses. */
  private recycled: ReadonlyMap<Table, StagedTable> = new Map();
  private readonly readers: ReaderPool;
  private readonly latestValues: LatestValues;
  private readonly compactionWaiters: CompactionWaiter[] = [];
  /** Work that needs the writer's connection to itself (retention deletes), run between two write groups. */
  private readonly writerTasks: Array<() => Promise<void>> = [];
  private compactedWindows: CompactedWindow[] = [];
  /** Set when a compaction failed: the writer stops starting them on its own until the file is opened again. */
  private compactionFailed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private schema: Schema,
    private readonly ledger: BatchLedger,
    private readonly lastValues: LastValueCache,
    private readonly compactor: Compactor,
  ) {
    this.readers = new ReaderPool(instance);
    this.latestValues = new LatestValues(lastValues, this.readers);
  }

  static async open(path: string, settings: DuckDbSettings): Promise<TenantDatabase> {
    const instance = await DuckDBInstance.create(path, {
      // Queries cannot read or write files, load extensions or reach the network.
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      allow_unsigned_extensions: 'false',
      allow_persistent_secrets: 'false',
      memory_limit: settings.memoryLimit,
      threads: String(settings.threads),
      checkpoint_threshold: settings.checkpointThreshold,
    });
    try {
      const writer = await instance.connect();
      const schema = await Schema.load(writer);
      const ledger = await BatchLedger.load(writer, settings.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW);
      // Stored times are UTC; without this, comparing them with now() or a TIMESTAMPTZ would
      // shift them by the server's own time zone (ICU takes it only once loaded, so not above).
      await writer.run("SET GLOBAL TimeZone = 'UTC'");
      // Setup is done: freeze the configuration so no query can switch any of the above back.
      await writer.run('SET lock_configuration = true');
      const lastValues = new LastValueCache(settings.lastValueCacheEntries ?? DEFAULT_LAST_VALUE_CACHE_ENTRIES);
      const compactor = await Compactor.load(writer, settings.compactionWindowMs ?? DEFAULT_COMPACTION_WINDOW_MS);
      return new TenantDatabase(instance, writer, schema, ledger, lastValues, compactor);
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  write(points: TelemetryPoint[], batch?: BatchKey): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ points, batch, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  /**
   * Sorts every closed time window not sorted yet by series (compaction.ts), one window per
   * turn of the writer, between write groups; resolves with those windows once none is due.
   */
  compact(): Promise<CompactedWindow[]> {
    return new Promise((resolve, reject) => {
      this.compactionWaiters.push({ resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  /**
   * Retention: deletes the measurement's rows older than `before` (epoch ms) in one transaction
   * on the writer, between two write groups, with the compaction records of the windows that held
   * only those; the last-value cache forgets the values that are gone once it commits.
   */
  deleteBefore(measurement: string, before: number): Promise<RetentionDeletion> {
    return new Promise((resolve, reject) => {
      this.writerTasks.push(async () => {
        try {
          resolve(await this.deleteOnWriter(measurement, before));
        } catch (error) {
          reject(error);
        }
      });
      if (!this.writing) void this.drain();
    });
  }

  private async deleteOnWriter(measurement: string, before: number): Promise<RetentionDeletion> {
    const deletion = await deleteRowsBefore(this.writer, this.compactor, measurement, before);
    this.lastValues.forgetBefore(deletion.measurement, Math.floor(before) * 1000);
    return deletion;
  }

  private async runWriterTasks(): Promise<void> {
    for (const task of this.writerTasks.splice(0)) await task();
  }

  /** Whether the store should ask for a compaction after a write. */
  get compactionDue(): boolean {
    return !this.compactionFailed && this.compactionWaiters.length === 0 && this.compactor.mayBeDue;
  }

  /**
   * `stop` fires at the caller's time limit or when the caller goes away: it interrupts
   * DuckDB, and the read fails with the signal's reason.
   */
  async query(sql: string, options: QueryOptions, maxResultBytes: number, stop: AbortSignal): Promise<QueryResult> {
    const started = performance.now();
    return this.readers.withReader(stop, async (connection) => {
      let shadowed: ShadowedMeasurements | undefined;
      try {
        if (options.withheld !== undefined && options.withheld.length > 0) shadowed = await shadowWithheld(connection, options.withheld);
        const limited = await guardQuery(connection, sql, options.maxRows, shadowed?.names);
        const budget = new ResultBudget(options.maxRows, maxResultBytes);
        const params = options.params !== undefined && Object.keys(options.params).length > 0 ? options.params : undefined;
        const columns = await streamIntoBudget(connection, limited, params, budget, stop);
        const reason = budget.truncatedReason;
        return {
          columns,
          rows: budget.rows,
          rowCount: budget.rows.length,
          truncated: reason !== undefined,
          ...(reason === undefined ? {} : { truncatedReason: reason }),
          elapsedMs: performance.now() - started,
        };
      } catch (error) {
        if (stop.aborted) throw stop.reason;
        throw shadowed?.refusalFor(error) ?? queryError(error);
      } finally {
        // An aborted read's connection is closed, and its views with it.
        if (shadowed !== undefined && !stop.aborted) await shadowed.drop();
      }
    });
  }

  catalog(stop: AbortSignal): Promise<Catalog> {
    return this.readers.withReader(stop, (connection) => readCatalog(connection));
  }

  latest(filter: LatestFilter, stop: AbortSignal): Promise<LatestValue[]> {
    return this.latestValues.latest(filter, stop);
  }

  /** A copy of this database as of one instant, into a new file, taken beside ongoing writes (see tenant-snapshot.ts). */
  snapshotTo(targetFile: string): Promise<TenantSnapshotSummary> {
    return this.readers.withReader(new AbortController().signal, (connection) => copyTenantSnapshot(connection, targetFile));
  }

  /** Only when idle: the store stops routing calls here before closing. */
  closeSync(): void {
    this.readers.closeSync();
    this.writer.closeSync();
    // Closing the last connection and the instance checkpoints the WAL into the file.
    this.instance.closeSync();
  }

  /**
   * The single writer. While DuckDB writes and syncs one group's WAL on its own thread,
   * the next group is staged on this one, so JavaScript and DuckDB work side by side.
   */
  private async drain(): Promise<void> {
    this.writing = true;
    let group = this.stageNext();
    while (group !== undefined || this.compactionWaiters.length > 0 || this.writerTasks.length > 0) {
      if (group === undefined) {
        if (this.writerTasks.length > 0) await this.runWriterTasks();
        else await this.compactOneWindow();
        group = this.stageNext();
        continue;
      }
      let committing: Promise<void>;
      try {
        committing = (await this.startCommit(group)).committed;
      } catch (error) {
        committing = Promise.reject(error);
      }
      // The group's rows are in DuckDB now (or abandoned): its buffers are free for the next one.
      this.recycled = group.batch.stagedByTable;
      let next = this.stageNext();
      try {
        await committing;
        // Before the writers hear of the commit: a caller whose write resolved finds its values.
        this.lastValues.apply(group.lastValues);
        this.compactor.noteCommitted(group.windows);
        const results = group.results;
        group.writes.forEach((write, i) => write.resolve(results[i]!));
        if (this.ledger.pruneDue) await this.ledger.prune(this.writer, next?.claimed ?? []).catch(() => undefined);
      } catch (error) {
        this.failAll(group.writes, error);
        // The cache holds what the failed group added, and the next group was staged on it:
        // read what is committed and stage that group again. The ledger gives back both
        // groups' keys: the next one may have taken a key of the failed one for a duplicate.
        this.ledger.release(group.claimed);
        this.ledger.release(next?.claimed ?? []);
        await this.writer.run('ROLLBACK').catch(() => undefined);
        try {
          this.schema = await Schema.load(this.writer);
        } catch (reloadError) {
          this.failAll([...(next?.writes ?? []), ...this.queue.splice(0)], reloadError);
          next = undefined;
        }
        if (next !== undefined) next = this.stage(next.writes);
      }
      if (this.writerTasks.length > 0) await this.runWriterTasks();
      // While a compaction is asked for, one window between two groups: a write waits for one window at most.
      if (this.compactionWaiters.length > 0) await this.compactOneWindow();
      // Writes queued during the awaits above are this loop's to take: write() only starts a
      // writer when none is running, and `writing` is cleared only when the queue is empty.
      group = next ?? this.stageNext();
    }
    this.writing = false;
  }

  private async compactOneWindow(): Promise<void> {
    try {
      const window = await this.compactor.compactNext(this.writer);
      if (window !== undefined) {
        this.compactedWindows.push(window);
        return;
      }
      const windows = this.compactedWindows.splice(0);
      for (const waiter of this.compactionWaiters.splice(0)) waiter.resolve(windows);
    } catch (error) {
      this.compactionFailed = true;
      this.compactedWindows = [];
      for (const waiter of this.compactionWaiters.splice(0)) waiter.reject(error);
    }
  }

  /** Takes queued writes up to MAX_GROUP_POINTS (at least one) and stages them. */
  private stageNext(): StagedGroup | undefined {
    const writes: PendingWrite[] = [];
    let points = 0;
    while (this.queue.length > 0 && (writes.length === 0 || points + this.queue[0]!.points.length <= MAX_GROUP_POINTS)) {
      const write = this.queue.shift()!;
      writes.push(write);
      points += write.points.length;
    }
    return writes.length === 0 ? undefined : this.stage(writes);
  }

  private stage(writes: PendingWrite[]): StagedGroup {
    const batch = new WriteGroup(this.schema, this.recycled);
    const lastValues = new LastValueBatch();
    const windows = this.compactor.windowsFor();
    const claimed: ClaimedKey[] = [];
    const results = writes.map(({ points, batch: key }) => {
      // A duplicate settles with its group: if the key it repeats belongs to the group being
      // committed and that group fails, this group is staged again and the key is free.
      if (key !== undefined && this.ledger.isDuplicate(key)) return { written: 0, rejected: [], duplicate: true };
      if (key !== undefined) claimed.push({ source: key.source, seq: key.seq, points: points.length });
      const result: WriteResult = { written: 0, rejected: [] };
      points.forEach((point, index) => {
        const reason = batch.add(point);
        if (reason === undefined) {
          result.written++;
          lastValues.add(this.schema.table(point.m)!, point);
          windows.add(point.m, point.t);
        } else result.rejected.push({ index, reason });
      });
      return result;
    });
    return { writes, batch, results, claimed, lastValues, windows };
  }

  /**
   * Opens the transaction, creates what the group introduced and appends its rows.
   * `committed` settles when COMMIT returns, i.e. once DuckDB has written and synced the WAL.
   */
  private async startCommit({ batch, claimed }: StagedGroup): Promise<{ committed: Promise<void> }> {
    if (batch.rowCount === 0 && claimed.length === 0) return { committed: Promise.resolve() };
    // One round trip to DuckDB for the transaction start and the DDL: each costs a thread hop.
    await this.writer.run(['BEGIN TRANSACTION', ...batch.schemaChanges()].join(';\n'));
    for (const staged of batch.stagedByTable.values()) await staged.appendTo(this.writer);
    // The keys commit with the points they stand for, or not at all.
    await this.ledger.appendTo(this.writer, claimed);
    return { committed: this.writer.run('COMMIT').then(() => undefined) };
  }

  private failAll(writes: PendingWrite[], error: unknown): void {
    const failure = new FacilFlowError('UNAVAILABLE', `Time-series write failed: ${messageOf(error)}`);
    for (const write of writes) write.reject(failure);
  }
}

function queryError(error: unknown): FacilFlowError {
  if (error instanceof FacilFlowError) return error;
  return new FacilFlowError('INVALID', messageOf(error));
}

/** DuckDB's message without the "LINE 1: ..." excerpt, which points into the wrapped SQL. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\n\s*\nLINE \d+:/)[0]!.trim();
}
