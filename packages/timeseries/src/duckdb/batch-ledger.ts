import { DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteLiteral } from '../identifiers.ts';
import type { BatchKey } from '../time-series-store.ts';

/**
 * The keys of the numbered batches a tenant's database holds (exactly-once ingest).
 *
 * The table lives in its own schema, so it is never a measurement: the catalog and the
 * writer's schema read `main` only, and the query guard refuses other schemas. Its primary
 * key is the last wall: the writer never appends a key it knows, and a key appended twice
 * anyway fails the transaction rather than storing a batch twice.
 *
 * The writer decides duplicates synchronously, while staging, from an in-memory copy of
 * the keys (loaded when the file opens): a lookup in SQL would cost a statement per
 * commit. The copy holds every committed key plus those of the group being committed;
 * a failed group gives its keys back.
 *
 * Bounded: per source, keys more than `window` sequence numbers below the highest one are
 * pruned (in their own transaction, between commits) once a source holds twice that many.
 * A redelivery is a batch its sender has not seen acknowledged, and a sender has only so
 * many in flight (the FacilFlow agent 32), so it is never that far behind.
 */
export const LEDGER_SCHEMA = '_facilflow';
export const LEDGER_TABLE = 'ingested_batches';
const LEDGER = `${quoteIdentifier(LEDGER_SCHEMA)}.${quoteIdentifier(LEDGER_TABLE)}`;

export const DEFAULT_DEDUPE_WINDOW = 4096;

export interface ClaimedKey extends BatchKey {
  points: number;
}

export class BatchLedger {
  private readonly sources = new Map<string, Set<number>>();
  private readonly overfull = new Set<string>();

  private constructor(private readonly window: number) {}

  static async load(connection: DuckDBConnection, window: number): Promise<BatchLedger> {
    await connection.run(
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(LEDGER_SCHEMA)};
       CREATE TABLE IF NOT EXISTS ${LEDGER} (source VARCHAR NOT NULL, seq BIGINT NOT NULL, points INTEGER NOT NULL, ingested_at TIMESTAMP NOT NULL, PRIMARY KEY (source, seq))`,
    );
    const ledger = new BatchLedger(window);
    const reader = await connection.runAndReadAll(`SELECT source, seq FROM ${LEDGER}`);
    const [sources = [], seqs = []] = reader.getColumns();
    for (let i = 0; i < sources.length; i++) ledger.add(String(sources[i]), Number(seqs[i]));
    return ledger;
  }

  /** True when the key is recorded (or claimed by the group being committed); otherwise claims it. */
  isDuplicate(key: BatchKey): boolean {
    const seqs = this.sources.get(key.source);
    if (seqs?.has(key.seq)) return true;
    this.add(key.source, key.seq);
    return false;
  }

  /** Gives back the keys of a group that did not commit. */
  release(keys: readonly BatchKey[]): void {
    for (const key of keys) this.sources.get(key.source)?.delete(key.seq);
  }

  /** Appends the group's keys inside the caller's open transaction. */
  async appendTo(connection: DuckDBConnection, keys: readonly ClaimedKey[]): Promise<void> {
    if (keys.length === 0) return;
    const appender = await connection.createAppender(LEDGER_TABLE, LEDGER_SCHEMA);
    const now = new DuckDBTimestampValue(BigInt(Date.now()) * 1000n);
    try {
      for (const key of keys) {
        appender.appendVarchar(key.source);
        appender.appendBigInt(BigInt(key.seq));
        appender.appendInteger(key.points);
        appender.appendTimestamp(now);
        appender.endRow();
      }
    } catch (error) {
      appender.clear();
      appender.closeSync();
      throw error;
    }
    appender.closeSync();
  }

  get pruneDue(): boolean {
    return this.overfull.size > 0;
  }

  /**
   * Deletes, for each overfull source, the keys `window` or more below its highest one,
   * in a transaction of its own (autocommit). `keep` are keys claimed by a group not yet
   * committed: they are not in the table yet and stay in memory.
   */
  async prune(connection: DuckDBConnection, keep: readonly BatchKey[]): Promise<void> {
    const kept = new Set(keep.map((key) => `${key.source}\u0000${key.seq}`));
    for (const source of [...this.overfull]) {
      const seqs = this.sources.get(source);
      this.overfull.delete(source);
      if (!seqs) continue;
      let max = -1;
      for (const seq of seqs) if (seq > max) max = seq;
      const cutoff = max - this.window;
      await connection.run(`DELETE FROM ${LEDGER} WHERE source = ${quoteLiteral(source)} AND seq <= ${cutoff}`);
      for (const seq of seqs) if (seq <= cutoff && !kept.has(`${source}\u0000${seq}`)) seqs.delete(seq);
    }
  }

  private add(source: string, seq: number): void {
    let seqs = this.sources.get(source);
    if (!seqs) {
      seqs = new Set();
      this.sources.set(source, seqs);
    }
    seqs.add(seq);
    if (seqs.size > 2 * this.window) this.overfull.add(source);
  }
}
